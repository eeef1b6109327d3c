import re
from datetime import date, timedelta

import sqlalchemy as sa

from coop.auth.models import Access
from coop.core.extensions import db
from tests.factories import PASSWORD, login, login_as


def _add(client, **data):
    form = {
        "name": "Auditora",
        "email": "auditora@cert.test",
        "role": "certifier",
        "expires_on": (date.today() + timedelta(days=10)).isoformat(),
        **data,
    }
    return client.post("/o/coop-a/accounts/", data=form)


def test_admin_gives_a_certifier_access_with_a_password_shown_once(client, world):
    login_as(client, "admin")
    page = _add(client).get_data(as_text=True)
    password = re.search(r'class="pin">([^<]+)<', page).group(1)
    client.post("/logout")
    assert login(client, "auditora@cert.test", password).status_code == 302
    # The password an administrator has seen only serves to choose a new one.
    assert client.get("/o/coop-a/export/").location == "/account/password"
    change = {"current": password, "new": "mi clave nueva 2026", "confirm": "mi clave nueva 2026"}
    assert client.post("/account/password", data=change).status_code == 302
    assert client.get("/o/coop-a/export/").status_code == 200
    assert client.get("/o/coop-b/export/").status_code == 404
    client.post("/logout")
    assert login(client, "auditora@cert.test", password).status_code == 400


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
    page = _add(client, expires_on="").get_data(as_text=True)
    assert "needs an expiry date" in page
    response = _add(client, email="not-an-email")
    assert response.status_code == 400
    response = _add(client, role="member")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Access)) == 8


def test_existing_user_gets_access_without_a_new_password(client, world):
    login_as(client, "admin")
    response = _add(client, email="secretary@coop-b.test", role="secretary", expires_on="")
    assert response.status_code == 302
    assert "already has access" in _add(client, email="secretary@coop-b.test").get_data(
        as_text=True
    )


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
