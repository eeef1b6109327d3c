"""Steps of the minutes' life, through the pages, for the minutes' and the books' tests."""

import re

import sqlalchemy as sa
from sqlalchemy.orm import selectinload, undefer

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.pins import issue_pin
from coop.minutes.models import Minutes
from tests.factories import PIN, hold_assembly, login_as, login_member, org_member


def close_with_a_vote(client, world) -> str:
    """As the secretary: hold the assembly of coop-a (a show of hands, 2-0-1) and close it.
    The minutes' URL."""
    login_as(client, "secretary")
    return hold_assembly(client, world, yes=2, no=0, abstain=1)


def name_signers(client, url: str, **numbers: str):
    """Post the draft with who signs: president, secretary, member-1..."""
    data = {"opening": "", "closing": ""}
    data.update({f"signer-{slot.replace('_', '-')}": n for slot, n in numbers.items()})
    return client.post(f"{url}/edit", data=data)


def approve(client, url: str, by: int | None = None):
    data = {} if by is None else {"by": by}
    return client.post(f"{url}/approve", data=data)


def give_pins(app, slug: str, *numbers: str) -> None:
    """Members of `slug` who log in with the test PIN (they sign from their own account)."""
    with app.app_context():
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
        for number in numbers:
            issue_pin(org, org_member(org, number), None, pin=PIN)
        db.session.commit()


def seen_hash(page: str, slot: str, addendum: int = 0) -> str:
    """The hash the sign form of `slot` carries: that of the text the signer sees."""
    forms = re.findall(r'<form method="post" action="[^"]*/sign".*?</form>', page, re.S)
    for form in forms:
        if f'name="slot" value="{slot}"' in form and f'value="{addendum}"' in form:
            return re.search(r'name="sha256" value="([0-9a-f]{64})"', form).group(1)
    raise AssertionError(f"no form to sign as {slot}")


def sign_as(client, url: str, number: str, slot: str, addendum: int = 0, slug: str = "coop-a"):
    """Log in as member `number`, read the minutes and sign them in `slot`."""
    client.post("/logout")
    login_member(client, slug, number)
    page = client.get(f"{url}/").get_data(as_text=True)
    data = {"slot": slot, "addendum": addendum, "sha256": seen_hash(page, slot, addendum)}
    return client.post(f"{url}/sign", data=data)


def minutes_of(app, assembly_id: int) -> Minutes:
    with app.app_context():
        minutes = db.session.scalar(
            sa.select(Minutes)
            .where(Minutes.assembly_id == assembly_id)
            .options(
                undefer(Minutes.locked_pdf),
                selectinload(Minutes.signers),
                selectinload(Minutes.signatures),
                selectinload(Minutes.addenda),
            )
        )
        db.session.expunge_all()
        return minutes


def locked_minutes(app, client, world) -> str:
    """Hold, approve at the close and sign (001 president, 002 secretary) the minutes of
    coop-a's assembly. Logged out at the end. The minutes' URL."""
    url = close_with_a_vote(client, world)
    assert name_signers(client, url, president="001", secretary="002").status_code == 302
    assert approve(client, url).status_code == 302
    give_pins(app, "coop-a", "002")
    assert sign_as(client, url, "001", "president").status_code == 302
    assert sign_as(client, url, "002", "secretary").status_code == 302
    client.post("/logout")
    return url
