"""Building test data through the same services the app uses."""

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, has_app_context
from flask.testing import FlaskClient

from coop.assemblies import services as assemblies
from coop.assemblies.models import AgendaItem
from coop.auth.models import Role
from coop.auth.services import create_user, grant
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.pins import issue_pin
from coop.members.services import change_status, create_member
from coop.statutes.founding import found_organization
from coop.voting.models import Vote
from coop.voting.results import results_of
from coop.voting.rules import Tally

PASSWORD = "correct horse battery"
PIN = "246810"


@dataclass
class OrgData:
    slug: str
    id: int
    member_ids: dict[str, int] = field(default_factory=dict)
    assembly_id: int = 0
    decision_item_id: int = 0
    info_item_id: int = 0


@dataclass
class World:
    a: OrgData
    b: OrgData


# The test organizations' timezone. "Today" in a test is theirs, not the machine's: the two
# differ for six hours of every UTC day, and a date the organization has not reached yet
# is in the future for it (an access expiring, a status changing, an assembly's day).
ORG_TIMEZONE = "America/Mexico_City"


def org_today() -> date:
    """Today where the test organizations are."""
    return datetime.now(ZoneInfo(ORG_TIMEZONE)).date()


def make_org(slug: str, locale: str = "es") -> Organization:
    return found_organization(slug, f"Cooperativa {slug}", "MX", ORG_TIMEZONE, locale)


def make_member(org: Organization, number: str, status: str = "active", **extra: str):
    data = {
        "number": number,
        "given_names": extra.get("given_names", "José"),
        "surnames": extra.get("surnames", f"Pérez {number}"),
        "sex": extra.get("sex", "male"),
        "community": extra.get("community", "San Isidro"),
        "joined_on": date(2015, 1, 1),
    }
    member = create_member(org, data, None)
    if status != "active":
        change_status(org, member, status, date(2020, 1, 1), "Test", "", None)
    return member


def _populate(slug: str) -> OrgData:
    org = make_org(slug)
    data = OrgData(slug=slug, id=org.id)
    for role in (Role.ADMIN, Role.SECRETARY, Role.CERTIFIER):
        user = create_user(f"{role} {slug}", f"{role}@{slug}.test", PASSWORD)
        extra = {"expires_on": org_today() + timedelta(days=30)} if role == Role.CERTIFIER else {}
        grant(org, user, role, None, **extra)
    for n in range(1, 6):
        member = make_member(
            org, f"{n:03d}", given_names=["María", "José", "Ana", "Luis", "Rosa"][n - 1]
        )
        data.member_ids[member.number] = member.id
    make_member(org, "900", status="suspended")
    # Member 001 can log in with a PIN.
    member = org_member(org, "001")
    issue_pin(org, member, None, pin=PIN)
    # Today, a little earlier: the first call can open whenever the board opens it.
    assembly = assemblies.create_assembly(
        org,
        "ordinary",
        "Asamblea ordinaria",
        datetime.now(UTC) - timedelta(minutes=5),
        "Salón",
        None,
    )
    info = assemblies.add_item(org, assembly, "Informe", "information", None)
    decision = assemblies.add_item(org, assembly, "Estados financieros", "decision", None)
    assemblies.convene(org, assembly, org_today() - timedelta(days=20), ["radio"], "", None)
    data.assembly_id, data.info_item_id, data.decision_item_id = assembly.id, info.id, decision.id
    return data


def org_member(org: Organization, number: str):
    from coop.members.services import find_by_number

    member = find_by_number(org, number)
    assert member is not None
    return member


def build_world() -> World:
    return World(a=_populate("coop-a"), b=_populate("coop-b"))


def login(client: FlaskClient, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def login_as(client: FlaskClient, role: str, slug: str = "coop-a"):
    response = login(client, f"{role}@{slug}.test")
    assert response.status_code == 302, response.data
    return response


def login_member(client: FlaskClient, slug: str = "coop-a", number: str = "001", pin: str = PIN):
    return client.post(f"/o/{slug}/login", data={"number": number, "pin": pin})


def open_session(client: FlaskClient, world: World, *numbers: str) -> str:
    """As the logged-in board: check these members in and open the session. The base URL."""
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    for number in numbers:
        client.post(f"{base}/attendance", data={"number": number})
    response = client.post(f"{base}/open")
    assert response.status_code == 302
    return base


def hold_assembly(client: FlaskClient, world: World, yes: int, no: int, abstain: int) -> str:
    """As the logged-in board: check in 001-003, open, count a show of hands, close."""
    base = open_session(client, world, "001", "002", "003")
    counts = {"yes": yes, "no": no, "abstain": abstain}
    client.post(f"{base}/items/{world.a.decision_item_id}/hands", data=counts)
    client.post(f"{base}/close")
    return f"{base}/minutes"


def count_queries(app, client: FlaskClient, url: str) -> int:
    """How many SQL statements a GET of `url` sends to the database."""
    from sqlalchemy import event

    from coop.core.extensions import db

    seen: list[int] = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def statements_of(app, action) -> list[str]:
    """The SQL statements `action()` sends, leaving out transaction control (BEGIN, COMMIT,
    SAVEPOINT...), which says nothing of the work done."""
    from sqlalchemy import event

    from coop.core.extensions import db

    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def listener(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(control):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return seen


def in_org_language(
    app, message: str, locale: str = "es", plural: bool = False, **values: object
) -> str:
    """`message` as a document of a Spanish-speaking organization writes it (the world's
    organizations are): documents are in the organization's language, not the reader's.
    With `plural`, the message is its own plural, counted by `num`."""
    from flask_babel import force_locale, gettext

    from coop.core.i18n import ngettext

    with app.test_request_context(), force_locale(locale):
        if plural:
            return ngettext(message, message, values.pop("num"), **values)  # type: ignore[arg-type]
        return gettext(message, **values)


def make_secretary(slug: str) -> str:
    """A secretary of the organization `slug`; their e-mail (the password is PASSWORD)."""
    import sqlalchemy as sa

    from coop.core.extensions import db

    org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    email = f"secretary-{slug}@example.test"
    grant(org, create_user("Secretaria", email, PASSWORD), Role.SECRETARY, None)
    db.session.commit()
    return email


def documents_in(app, world, locale: str) -> None:
    """Make coop-a write its documents (minutes, notice, books) in `locale`."""
    from coop.core.extensions import db

    with app.app_context():
        db.session.get(Organization, world.a.id).default_locale = locale
        db.session.commit()


def motion_tally(vote: Vote, app: Flask | None = None) -> Tally:
    """A motion's totals as yes, no and abstain, read through the results that minutes,
    exports and evidence read; in `app`'s context when the test is outside one."""
    with nullcontext() if app is None or has_app_context() else app.app_context():
        item = db.session.get(AgendaItem, vote.agenda_item_id)
        results = results_of([item.assembly_id])[item.assembly_id]
    result = next(r for r in results if r.vote_id == vote.id)
    return Tally(result.count("yes"), result.count("no"), result.count("abstain"))


def approve_minutes(client: FlaskClient, url: str) -> None:
    """As the logged-in board: name 001 president and 002 secretary, then approve the
    minutes at `url` at the close."""
    client.post(f"{url}/edit", data={"signer-president": "001", "signer-secretary": "002"})
    response = client.post(f"{url}/approve")
    assert response.status_code == 302, response.data[:2000]
