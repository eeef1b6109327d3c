"""An organization with one object behind every id a route can take, and a logged-in browser
per role: the ground the route matrix and the malformed-request tests walk over."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from coop.assemblies import attendance, session
from coop.assemblies import services as assemblies
from coop.assemblies.models import ByLawAbstention, Delegate, Proxy
from coop.auth.invitations import invite
from coop.auth.models import Role
from coop.auth.services import create_user, grant
from coop.certifiers.services import issue_token
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.employment_rules import Employment
from coop.members.employment_services import record_employment
from coop.members.imports import start_import
from coop.members.pins import issue_pin
from coop.members.services import change_status
from coop.minutes.models import Minutes
from coop.minutes.services import approve, name_signers
from coop.statutes.founding import found_organization
from coop.voting import services as voting
from tests.factories import ORG_TIMEZONE, PASSWORD, PIN, make_member, org_member, org_today

# Who logs in how: e-mail accounts, and the members' numbers.
EMAIL_ROLES = ("admin", "secretary", "certifier", "expired_certifier")
MEMBER_NUMBERS = {"member": "001", "former_member": "004"}


@dataclass
class Place:
    """One organization of the world: its slug, and an id for every URL parameter."""

    slug: str
    id: int
    marker: str
    ids: dict[str, int] = field(default_factory=dict)
    # The routes of the minutes take the assembly whose minutes are approved.
    minutes_assembly_id: int = 0
    # Import batches belong to the user who uploaded them.
    batch_ids: dict[str, int] = field(default_factory=dict)
    member_ids: dict[str, int] = field(default_factory=dict)
    # An entry of the status history of the member the member routes are given (002).
    history_entry_id: int = 0
    invitation_token: str = ""


def email(role: str, slug: str) -> str:
    return f"{role.replace('_', '-')}@{slug}.test"


def build(slug: str, marker: str) -> Place:
    """An organization whose private text all carries `marker`, with every kind of object."""
    org = found_organization(slug, f"Cooperativa {slug}", "MX", ORG_TIMEZONE, "es")
    place = Place(slug=slug, id=org.id, marker=marker)
    users, accesses = {}, {}
    for role in EMAIL_ROLES:
        user = create_user(f"{marker} {role}", email(role, slug), PASSWORD)
        kind = Role.CERTIFIER if "certifier" in role else Role(role)
        days = {"certifier": 30, "expired_certifier": -2}.get(role)
        expires = org_today() + timedelta(days=days) if days is not None else None
        accesses[role] = grant(org, user, kind, None, expires_on=expires)
        users[role] = user
    extra = create_user(f"{marker} auditor", f"auditor@{slug}.test", PASSWORD)
    revocable = grant(org, extra, Role.CERTIFIER, None, expires_on=org_today())
    for n, name in enumerate(["María", "José", "Ana", "Luis", "Rosa", "Juan"], start=1):
        member = make_member(org, f"{n:03d}", given_names=name, surnames=f"{marker} {n:03d}")
        place.member_ids[member.number] = member.id
    for number in MEMBER_NUMBERS.values():
        issue_pin(org, org_member(org, number), None, pin=PIN)

    # An assembly that has been held, with approved minutes.
    held = _convened(org, f"{marker} asamblea pasada", ["Informe del consejo"])
    for number in ("001", "002", "003", "004", "005"):
        attendance.check_in(org, held, org_member(org, number), None)
    session.open_session(org, held, None)
    session.close(org, held, None)
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.assembly_id == held.id))
    minutes.opening = f"{marker} texto del acta"
    name_signers(org, minutes, {"president": "001", "secretary": "002"}, None)
    approve(org, minutes, users["admin"].id)
    place.minutes_assembly_id = held.id

    # An assembly in session with an electronic vote open.
    live = _convened(org, f"{marker} asamblea de hoy", [f"{marker} balance", f"{marker} plan"])
    decision, pending = live.items
    present = []
    for number in ("001", "002", "003", "004"):
        present.append(attendance.check_in(org, live, org_member(org, number), None))
    session.open_session(org, live, None)
    vote = voting.open_vote(org, live, decision, None)
    absent = org_member(org, "006")
    proxy = Proxy(
        organization_id=org.id,
        assembly_id=live.id,
        holder_id=org_member(org, "002").id,
        represented_id=absent.id,
        document=f"{marker} poder",
    )
    delegate = Delegate(
        organization_id=org.id, assembly_id=live.id, member_id=absent.id, section=marker
    )
    abstaining = ByLawAbstention(
        organization_id=org.id, agenda_item_id=pending.id, member_id=org_member(org, "003").id
    )
    db.session.add_all([proxy, delegate, abstaining])

    for role in ("admin", "secretary"):
        csv = f"Número,Nombres,Apellidos,Sexo\n050,{marker},{marker},F\n".encode()
        place.batch_ids[role] = start_import(org, users[role].id, "padron.csv", csv).id
    invited, place.invitation_token = invite(
        org, f"{marker} invitado", f"invited@{slug}.test", "secretary", None, users["admin"].id
    )
    employed = record_employment(
        org, org_member(org, "002"), Employment(date(2020, 1, 1), None), f"{marker} cargo", None
    )
    api_token, _secret = issue_token(
        org, accesses["certifier"], f"{marker} sistema", None, users["admin"].id
    )
    db.session.flush()
    place.history_entry_id = org_member(org, "002").history[0].id
    place.ids = {
        "member_id": place.member_ids["002"],
        "assembly_id": live.id,
        "item_id": pending.id,
        "vote_id": vote.id,
        "attendance_id": present[-1].id,
        "proxy_id": proxy.id,
        "delegate_id": delegate.id,
        "entry_id": abstaining.id,
        "access_id": revocable.id,
        "invitation_id": invited.id,
        "token_id": api_token.id,
        "period_id": employed.id,
    }
    return place


def _convened(org: Organization, title: str, items: list[str]):
    assembly = assemblies.create_assembly(
        org, "ordinary", title, datetime.now(UTC) - timedelta(minutes=5), "Salón", None
    )
    for item in items:
        assemblies.add_item(org, assembly, item, "decision", None)
    assemblies.convene(org, assembly, org_today() - timedelta(days=20), ["radio"], "", None)
    return assembly


def browsers(app: Flask, place: Place) -> dict[str, FlaskClient]:
    """A browser per role, logged in to `place`; the former member leaves after logging in."""
    clients: dict[str, FlaskClient] = {}
    for role in (*EMAIL_ROLES, *MEMBER_NUMBERS, "anonymous"):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        # Each browser comes from its own address, as people do.
        client.environ_base["REMOTE_ADDR"] = f"10.0.{place.id % 250}.{len(clients) + 1}"
        if role in EMAIL_ROLES:
            data = {"email": email(role, place.slug), "password": PASSWORD}
            assert client.post("/login", data=data).status_code == 302, role
        elif role in MEMBER_NUMBERS:
            data = {"number": MEMBER_NUMBERS[role], "pin": PIN}
            response = client.post(f"/o/{place.slug}/login", data=data)
            # Logged in: sent home, or shown the ballot at once while a vote is open.
            assert response.status_code in (200, 302) and client.get_cookie("session"), role
        clients[role] = client
    with app.app_context():
        org = db.session.get(Organization, place.id)
        leaver = org_member(org, MEMBER_NUMBERS["former_member"])
        change_status(org, leaver, "withdrawn", org.today(), "Renuncia", "", None)
        db.session.commit()
    return clients


def routes(app: Flask) -> list[Rule]:
    """Every route of the app, the logout last (it ends the browser's session)."""
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.rule))


def url(
    rule: Rule, place: Place, role: str, org_slug: str | None = None, token: str | None = None
) -> str:
    """The route's address with `place`'s ids (the slug `org_slug` and the invitation token
    `token` instead of `place`'s if given)."""
    values: dict[str, object] = {}
    for name in rule.arguments:
        if name in ("org_slug", "slug"):  # the API names the organization `slug`
            values[name] = org_slug or place.slug
        elif name == "period_key" or name == "period":
            values[name] = "last-12-months"
        elif name == "assembly_id" and rule.endpoint.startswith("minutes."):
            values[name] = place.minutes_assembly_id
        elif name == "batch_id":
            values[name] = place.batch_ids.get(role, place.batch_ids["admin"])
        elif name == "entry_id" and rule.endpoint == "members.complete_date":
            values[name] = place.history_entry_id
        elif name == "member_id" and role == "member":
            values[name] = place.member_ids[MEMBER_NUMBERS["member"]]
        elif name == "token":
            values[name] = token or place.invitation_token
        elif name == "filename":
            values[name] = "coop.css"
        elif name == "fmt":
            values[name] = "csv"
        else:
            values[name] = place.ids[name]
    path = rule.rule
    for name, value in values.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), path)
        path = re.sub(rf"<any\([^)]*\):{name}>", str(value), path)
    assert "<" not in path, path
    return path


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
