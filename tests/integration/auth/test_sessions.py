import sqlalchemy as sa

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.services import change_status
from tests.factories import PIN, login_as, login_member


def test_a_new_pin_ends_the_sessions_opened_with_the_old_one(app, world):
    member_client, board = app.test_client(), app.test_client()
    login_member(member_client)
    assert member_client.get("/o/coop-a/").status_code == 200
    login_as(board, "secretary")
    board.post(f"/o/coop-a/members/{world.a.member_ids['001']}/pin")
    assert member_client.get("/o/coop-a/").status_code == 302


def test_the_pin_page_is_not_kept_by_the_browser(client, world):
    login_as(client, "secretary")
    response = client.post(f"/o/coop-a/members/{world.a.member_ids['002']}/pin")
    assert response.headers["Cache-Control"] == "no-store"


def test_members_who_left_lose_their_access(app, client, world):
    login_member(client)
    assert client.get("/o/coop-a/").status_code == 200
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        member = db.session.get(Member, world.a.member_ids["001"])
        change_status(org, member, "withdrawn", org.today(), "Renuncia", "", None)
        db.session.commit()
    assert client.get("/o/coop-a/").status_code == 404
    client.post("/logout")
    assert login_member(client).status_code == 400


def test_pin_throttling_is_per_organization(client, world):
    for _ in range(6):
        login_member(client, slug="coop-b", pin="999999")
    assert login_member(client, slug="coop-b").status_code == 429
    assert login_member(client, slug="coop-a", pin=PIN).status_code == 302


def test_login_throttling_per_address(app, client, world):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    try:
        for number in ("002", "003", "004"):
            login_member(client, number=number, pin="999999")
        assert login_member(client, slug="coop-b").status_code == 429
    finally:
        app.config["LOGIN_LIMIT_PER_ADDRESS"] = "10 per 5 minutes"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)) == 12
