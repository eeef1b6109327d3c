"""The isolation and role matrix: every route of the app (read from app.url_map), every role,
two organizations. The roles' rights are those of tests/policy.py; a route missing there fails
here, so no new route skips the matrix."""

import pytest
import sqlalchemy as sa

from coop.auth.models import LoginSession, User
from coop.core.extensions import db
from tests.factories import org_today
from tests.integration.web import world
from tests.policy import POLICY, PUBLIC, ROLES

TODAY = org_today().isoformat()

# Forms as a person would fill them: were a check missing, these would change something.
FORM_DATA: dict[str, dict[str, str]] = {
    "auth.login": {"email": "admin@coop-b.test", "password": "not the password"},
    "auth.password": {"current": "wrong", "new": "x" * 12, "confirm": "x" * 12},
    "auth.language": {"lang": "en"},
    "auth.invitation": {"new": "una clave larga", "confirm": "una clave larga"},
    "member_auth.login": {"number": "001", "pin": "000000"},
    "accounts.index": {"name": "X", "email": "x@x.test", "role": "secretary"},
    "members.new": {
        "number": "777",
        "given_names": "Ana",
        "surnames": "Nueva",
        "sex": "female",
        "joined_on": TODAY,
        "status": "active",
    },
    "members.edit": {
        "number": "778",
        "given_names": "Ana",
        "surnames": "Cambiada",
        "sex": "female",
        "joined_on": TODAY,
        "status": "active",
    },
    "members.change_status": {"status": "withdrawn", "effective_on": TODAY, "reason": "x"},
    "members.units": {"units-0-product": "coffee", "units-0-total_area_ha": "2"},
    "member_files.mapping": {"map-0": "number"},
    "member_files.apply": {"valid_only": "1"},
    "member_figures.edit_thresholds": {"youth": "30", "area-coffee": "5"},
    "assemblies.new": {
        "kind": "ordinary",
        "title": "Nueva",
        "date": TODAY,
        "time": "10:00",
        "place": "Aquí",
    },
    "assemblies.add_item": {"title": "Punto", "kind": "decision"},
    "assemblies.move_item": {"direction": "up"},
    "assemblies.convene": {"notice_given_on": TODAY, "channels": "radio"},
    "assemblies.cancel": {"reason": "Lluvia"},
    "assembly_day.attendance": {"number": "005"},
    "assembly_day.paper": {"numbers": "005", "time": "10:00"},
    "assembly_day.add_proxy": {"holder": "003", "represented": "005"},
    "assembly_day.designate": {"number": "005"},
    "voting.show_of_hands": {"yes": "3", "no": "0", "abstain": "0"},
    "ballots.cast": {"choice": "yes", "confirm": "1"},  # confirmed: the ballot is cast
    "abstentions.add": {"number": "005"},
    "voting.propose": {"title": "Otro", "kind": "decision", "yes": "3", "no": "0", "abstain": "0"},
    "minutes.edit": {"opening": "Cambiado"},
    "statutes.new": {"effective_from": TODAY, "notice_min_days": "10"},
    "exports.download": {"period": "last-12-months"},
    "members.record_employment": {"starts_on": "2019-01-01", "ends_on": "2019-06-30"},
    "members.complete_employment": {"ends_on": TODAY},
    "certifiers.issue_token": {"label": "Sistema"},
    "evidence.settings": {"year_end_month": "12", "year_end_day": "31"},
}


def _pdf_free(monkeypatch) -> None:
    # The PDF pages are reached, not typeset: WeasyPrint takes a second a page.
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7")


def _is_org_route(rule) -> bool:
    return "org_slug" in rule.arguments


def _refused(response, role: str) -> bool:
    """401 (the API, without its token), 403, 404, or for nobody logged in, the way to a
    login page."""
    if response.status_code in (401, 403, 404):
        return True
    return role == "anonymous" and response.status_code == 302 and "/login" in response.location


def _send(client, rule, target: str, method: str):
    data = FORM_DATA.get(rule.endpoint) if method == "POST" else None
    response = client.open(target, method=method, data=data)
    response.get_data()  # read, then closed: a file sent from disk is not left open
    response.close()
    return response


def _rows_of(place: world.Place) -> dict[str, list]:
    """Every row of the organization, its people's accounts and their sessions."""
    rows: dict[str, list] = {}
    for table in db.metadata.sorted_tables:
        if "organization_id" in table.c:
            query = sa.select(table).where(table.c.organization_id == place.id)
            rows[table.name] = sorted(map(tuple, db.session.execute(query)), key=repr)
    people = sa.select(User).where(User.email.like(f"%@{place.slug}.test"))
    rows["user_account"] = sorted(
        (u.id, u.email, u.password_hash, u.session_version, u.locale)
        for u in db.session.scalars(people)
    )
    ids = [row[0] for row in rows["user_account"]]
    sessions = sa.select(LoginSession.id, LoginSession.ended_at).where(
        LoginSession.user_id.in_(ids)
    )
    rows["login_session"] = sorted(map(tuple, db.session.execute(sessions)))
    return rows


def test_every_route_has_a_line_in_the_policy(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - POLICY.keys())
    assert not missing, f"add these routes to tests/policy.py: {missing}"
    assert not sorted(POLICY.keys() - endpoints), "tests/policy.py names routes that are gone"
    for roles in POLICY.values():
        assert roles <= set(ROLES)


@pytest.fixture
def two_organizations(app):
    with app.app_context():
        a = world.build("coop-a", "Zqxa")
        b = world.build("coop-b", "Zqxb")
        db.session.commit()
    return a, b


def test_no_role_of_one_organization_reaches_another(app, two_organizations, monkeypatch):
    _pdf_free(monkeypatch)
    a, b = two_organizations
    clients = world.browsers(app, a)
    with app.app_context():
        before = _rows_of(b)
    problems = []
    for rule in world.routes(app):
        # An invitation's token is a secret: one organization's people do not hold another's.
        targets = [world.url(rule, b, role="admin", token="not-a-token")]
        if any(name.endswith("_id") for name in rule.arguments):
            # The other organization's own address, and this one's with the other's ids.
            targets.append(world.url(rule, b, role="admin", org_slug=a.slug))
        for role, client in clients.items():
            for method in world.methods(rule):
                for target in targets:
                    response = _send(client, rule, target, method)
                    if b.marker.lower().encode() in response.data.lower():
                        problems.append((rule.endpoint, role, method, target, "shows B's data"))
                    guarded = _is_org_route(rule) and POLICY[rule.endpoint] != PUBLIC
                    failed = response.status_code >= 500
                    if failed or (guarded and not _refused(response, role)):
                        problems.append((rule.endpoint, role, method, target, response.status))
        if "POST" in world.methods(rule):
            with app.app_context():
                if _rows_of(b) != before:
                    problems.append((rule.endpoint, "B's rows changed"))
                    before = _rows_of(b)
    assert not problems


def test_each_role_may_do_what_the_policy_gives_it_and_nothing_else(
    app, two_organizations, monkeypatch
):
    _pdf_free(monkeypatch)
    a, _b = two_organizations
    clients = world.browsers(app, a)
    # A member's own record is theirs (in the loop below); another member's is not.
    other = f"/o/{a.slug}/members/{a.member_ids['002']}"
    assert clients["member"].get(other).status_code == 403
    # Each allowed request runs in full, its commit only a flush that the end of the request
    # undoes, so that no request changes what the next one finds (a cancelled assembly, a
    # revoked access, a new PIN).
    monkeypatch.setattr(db.session, "commit", db.session.flush)
    problems = []
    for rule in world.routes(app):
        allowed = POLICY[rule.endpoint]
        for role, client in clients.items():
            target = world.url(rule, a, role)
            for method in world.methods(rule):
                response = _send(client, rule, target, method)
                if response.status_code >= 500 or _refused(response, role) == (role in allowed):
                    problems.append((rule.endpoint, role, method, target, response.status))
    assert not problems
