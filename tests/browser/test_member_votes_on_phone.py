"""A member logs in on a phone-sized screen in Portuguese and votes."""

import sqlalchemy as sa
from flask_babel import force_locale, gettext

from coop.assemblies import attendance, session
from coop.assemblies.models import AgendaItem, Assembly
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.services import find_by_number
from coop.voting import services as voting
from coop.voting.models import Ballot
from tests.factories import PIN


def _open_vote(app, world) -> None:
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assembly = db.session.get(Assembly, world.a.assembly_id)
        item = db.session.get(AgendaItem, world.a.decision_item_id)
        for number in ("001", "002", "003"):
            attendance.check_in(org, assembly, find_by_number(org, number), None)
        session.open_session(org, assembly, None)
        voting.open_vote(org, assembly, item, None)
        db.session.commit()


def _pt(app, message: str, same_in_english: bool = False) -> str:
    with app.test_request_context(), force_locale("pt_BR"):
        text = gettext(message)
    assert same_in_english or text != message, f"no Portuguese translation for {message!r}"
    return text


def test_member_votes_from_a_phone_in_portuguese(app, world, live_server, browser):
    _open_vote(app, world)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="pt-BR", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server}/o/coop-a/assemblies/{world.a.assembly_id}/ballot")
    # Not logged in: the member login page, in Portuguese.
    assert page.locator("html").get_attribute("lang") == "pt-BR"
    page.get_by_label(_pt(app, "Member number")).fill("001")
    page.get_by_label(_pt(app, "PIN", same_in_english=True)).fill(PIN)
    page.get_by_role("button", name=_pt(app, "Enter")).click()

    # Back on the ballot, which fits the phone's width.
    page.get_by_role("heading", name="Estados financieros").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name=_pt(app, "Yes")).click()
    page.get_by_text(_pt(app, "Your vote is recorded. Thank you.")).wait_for()

    with app.app_context():
        ballot = db.session.scalar(sa.select(Ballot))
        assert ballot is not None and ballot.choice == "yes"
    context.close()
