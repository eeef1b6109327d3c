"""Accounts: access by e-mail is given by invitation, taken up by the person; passwords."""

import re
from datetime import timedelta

import sqlalchemy as sa

from coop.auth.models import Access, Invitation
from coop.core.extensions import db
from tests.factories import PASSWORD, login, login_as, org_today


def _invite(client, **data):
    form = {
        "name": "Auditora",
        "email": "auditora@cert.test",
        "role": "certifier",
        "expires_on": (org_today() + timedelta(days=10)).isoformat(),
        **data,
    }
    return client.post("/o/coop-a/accounts/", data=form)


def _link(page: str) -> str:
    return re.search(r'class="pin">http://localhost(/invitations/[\w-]+)<', page).group(1)


def test_the_reply_is_the_same_whether_or_not_the_address_has_an_account(client, world):
    login_as(client, "admin")
    known = _invite(client, email="secretary@coop-b.test", name="Ana", role="secretary")
    unknown = _invite(client, email="nadie@nowhere.test", name="Ana", role="secretary")
    assert known.status_code == unknown.status_code == 200
    # The link's token differs, and so may the CSRF token's timestamp (signed each second).
    pages = [
        re.sub(
            r'name="csrf_token" value="[^"]+"',
            "CSRF",
            re.sub(r"/invitations/[\w-]+", "/invitations/TOKEN", page.get_data(as_text=True)),
        )
        for page in (known, unknown)
    ]
    assert pages[0].replace("secretary@coop-b.test", "ADDRESS") == pages[1].replace(
        "nadie@nowhere.test", "ADDRESS"
    )
    assert known.headers["Cache-Control"] == "no-store"


def test_the_organization_appears_only_once_the_person_accepts(app, client, world):
    login_as(client, "admin")
    link = _link(_invite(client, email="secretary@coop-b.test", role="secretary").get_data(True))
    person = app.test_client()
    login_as(person, "secretary", "coop-b")
    assert person.get("/").location == "/o/coop-b/"
    assert person.get("/o/coop-a/").status_code == 404
    page = person.get(link).get_data(as_text=True)
    assert "Cooperativa coop-a invites you" in page
    assert person.post(link).location == "/o/coop-a/"
    assert person.get("/o/coop-a/").status_code == 200
    assert "Cooperativa coop-a" in person.get("/").get_data(as_text=True)
    assert person.get(link).status_code == 404  # used
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_someone_new_chooses_a_password_and_is_in(app, client, world):
    login_as(client, "admin")
    link = _link(_invite(client).get_data(as_text=True))
    newcomer = app.test_client()
    assert newcomer.get(link).status_code == 200
    short = newcomer.post(link, data={"new": "short", "confirm": "short"})
    assert short.status_code == 400
    chosen = {"new": "mi clave nueva 2026", "confirm": "mi clave nueva 2026"}
    assert newcomer.post(link, data=chosen).location == "/o/coop-a/"
    assert newcomer.get("/o/coop-a/export/").status_code == 200
    newcomer.post("/logout")
    assert login(newcomer, "auditora@cert.test", "mi clave nueva 2026").status_code == 302
    assert newcomer.get("/o/coop-b/export/").status_code == 404


def test_an_invitation_is_taken_up_by_its_address_only(app, client, world):
    login_as(client, "admin")
    link = _link(_invite(client, email="secretary@coop-b.test", role="secretary").get_data(True))
    intruder = app.test_client()
    login_as(intruder, "certifier", "coop-b")
    assert intruder.post(link).status_code == 400
    assert intruder.get("/o/coop-a/").status_code == 404
    # Nor can an anonymous link holder give the address's account a password of theirs.
    squatter = app.test_client()
    chosen = {"new": "la clave del intruso", "confirm": "la clave del intruso"}
    response = squatter.post(link, data=chosen)
    assert response.status_code == 400
    assert "log in to accept" in response.get_data(as_text=True)
    assert login(squatter, "secretary@coop-b.test", "la clave del intruso").status_code == 400
    assert login(squatter, "secretary@coop-b.test", PASSWORD).status_code == 302


def test_an_invitation_can_be_withdrawn_and_replaced(app, client, world):
    login_as(client, "admin")
    first = _link(_invite(client).get_data(as_text=True))
    second = _link(_invite(client).get_data(as_text=True))
    assert client.get(first).status_code == 404  # replaced
    page = client.get("/o/coop-a/accounts/").get_data(as_text=True)
    assert "auditora@cert.test" in page
    with app.app_context():
        invitation_id = db.session.scalar(sa.select(Invitation.id))
    client.post(f"/o/coop-a/accounts/invitations/{invitation_id}/withdraw")
    assert client.get(second).status_code == 404
    assert "auditora@cert.test" not in client.get("/o/coop-a/accounts/").get_data(as_text=True)


def test_someone_with_access_already_is_not_invited_again(client, world):
    login_as(client, "admin")
    response = _invite(client, email="secretary@coop-a.test", role="secretary", expires_on="")
    assert response.status_code == 400
    assert "already has access" in response.get_data(as_text=True)


def test_password_change_refusals(client, world):
    login_as(client, "admin")
    cases = [
        ({"current": "wrong", "new": "x" * 12, "confirm": "x" * 12}, "current password is wrong"),
        ({"current": PASSWORD, "new": "short", "confirm": "short"}, "between 10 and 200"),
        ({"current": PASSWORD, "new": "x" * 12, "confirm": "y" * 12}, "passwords differ"),
        ({"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD}, "different from the current"),
    ]
    for data, text in cases:
        response = client.post("/account/password", data=data)
        assert response.status_code == 400 and text in response.get_data(as_text=True), text


def test_certifier_needs_an_expiry_and_a_valid_email(app, client, world):
    login_as(client, "admin")
    page = _invite(client, expires_on="").get_data(as_text=True)
    assert "needs an expiry date" in page
    assert _invite(client, email="not-an-email").status_code == 400
    assert _invite(client, role="member").status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Access)) == 8


def test_revoke_and_never_oneself(app, client, world):
    login_as(client, "admin")
    with app.app_context():
        accesses = db.session.scalars(
            sa.select(Access).where(
                Access.organization_id == world.a.id, Access.member_id.is_(None)
            )
        ).all()
        mine = next(a.id for a in accesses if a.role == "admin")
        secretary = next(a.id for a in accesses if a.role == "secretary")
    client.post(f"/o/coop-a/accounts/{mine}/revoke")
    assert "cannot remove your own access" in client.get("/o/coop-a/accounts/").get_data(
        as_text=True
    )
    client.post(f"/o/coop-a/accounts/{secretary}/revoke")
    other = app.test_client()
    login_as(other, "secretary")
    assert other.get("/o/coop-a/").status_code == 404


def test_only_admins_manage_accounts(client, world):
    login_as(client, "secretary")
    assert client.get("/o/coop-a/accounts/").status_code == 403
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert client.get("/o/coop-a/accounts/").status_code == 404
