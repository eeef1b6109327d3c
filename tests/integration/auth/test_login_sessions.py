"""Sessions: ended on the server at logout, idle and absolute limits, fresh at login, and a
plain word for whose access has ended."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from coop.auth import sessions
from coop.auth.models import Access, LoginSession, Role
from coop.core.db import utcnow
from coop.core.extensions import db
from tests.factories import (
    PASSWORD,
    PIN,
    login,
    login_as,
    login_member,
    open_session,
    org_today,
    statements_of,
)


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _stolen(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


@pytest.mark.parametrize("who", ["admin", "member"])
def test_a_cookie_copied_before_logout_is_worthless_after(app, client, world, who):
    if who == "member":
        login_member(client)
    else:
        login_as(client, who)
    copied = _session_cookie(client)
    assert _stolen(app, copied).get("/o/coop-a/").status_code == 200
    client.post("/logout")
    assert _stolen(app, copied).get("/o/coop-a/").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(LoginSession.ended_at)) is not None


def test_logging_out_ends_that_session_only(app, world):
    desk, phone = app.test_client(), app.test_client()
    login_as(desk, "secretary")
    login_as(phone, "secretary")
    desk.post("/logout")
    assert desk.get("/o/coop-a/").status_code == 302
    assert phone.get("/o/coop-a/").status_code == 200


@pytest.fixture
def clock(monkeypatch):
    """Move the sessions' clock forward."""
    start = utcnow()
    offset = [timedelta(0)]
    monkeypatch.setattr(sessions, "utcnow", lambda: start + offset[0])

    def advance(**delta: float) -> None:
        offset[0] += timedelta(**delta)

    return advance


def test_a_board_session_ends_after_two_idle_hours(client, world, clock):
    login_as(client, "secretary")
    clock(hours=1, minutes=50)
    assert client.get("/o/coop-a/").status_code == 200
    clock(hours=1, minutes=50)  # measured from the last use
    assert client.get("/o/coop-a/").status_code == 200
    clock(hours=2, minutes=1)
    assert client.get("/o/coop-a/").status_code == 302


def test_a_board_session_ends_after_twelve_hours_however_busy(client, world, clock):
    login_as(client, "admin")
    for _hour in range(11):
        clock(hours=1)
        assert client.get("/o/coop-a/").status_code == 200
    clock(hours=1, minutes=1)
    assert client.get("/o/coop-a/").status_code == 302


def test_a_member_session_lasts_the_assembly_day_and_a_week_at_most(client, world, clock):
    login_member(client)
    for _day in range(7):  # 161 hours, never a day idle
        clock(hours=23)
        assert client.get("/o/coop-a/").status_code == 200
    clock(hours=23)  # past the week
    assert client.get("/o/coop-a/").status_code == 302


def test_a_member_session_ends_after_a_day_idle(client, world, clock):
    login_member(client)
    clock(hours=24, minutes=1)
    assert client.get("/o/coop-a/").status_code == 302


@pytest.mark.parametrize(
    ("who", "quiet", "renewed"),
    [
        ("member", timedelta(minutes=59), timedelta(hours=1)),
        ("secretary", timedelta(minutes=4), timedelta(minutes=5)),
    ],
)
def test_the_cookie_is_sent_again_only_when_its_last_use_is_renewed(
    client, world, clock, who, quiet, renewed
):
    """No Set-Cookie on every answer (bytes on 2G, a signature for nothing): the last use is
    renewed once it is a 24th of the idle timeout old (an hour of a member's day, five
    minutes of a board account's two hours), which keeps an active session alive."""
    login_member(client) if who == "member" else login_as(client, who)
    client.get("/o/coop-a/")  # the first page keeps the session's CSRF token in it
    clock(seconds=quiet.total_seconds())
    assert "Set-Cookie" not in client.get("/o/coop-a/").headers
    clock(seconds=(renewed - quiet).total_seconds())
    assert "session=" in client.get("/o/coop-a/").headers.get("Set-Cookie", "")
    clock(seconds=quiet.total_seconds())  # counted from the renewal
    assert "Set-Cookie" not in client.get("/o/coop-a/").headers


def test_a_session_idle_for_its_timeout_ends_at_most_a_24th_early(client, world, clock):
    """The cookie's last use may be up to a 24th of the idle timeout old: a board account
    used at 0 and 4 minutes (not renewed) ends 2 hours after 0, not after 4."""
    login_as(client, "secretary")
    clock(minutes=4)
    assert client.get("/o/coop-a/").status_code == 200
    clock(hours=1, minutes=57)  # 2 h 1 min after the last renewal, 1 h 57 after the last use
    assert client.get("/o/coop-a/").status_code == 302


def test_board_sessions_are_shorter_than_members(app):
    config = app.config
    assert config["BOARD_SESSION_IDLE"] < config["MEMBER_SESSION_IDLE"]
    assert config["BOARD_SESSION_LIFETIME"] < config["MEMBER_SESSION_LIFETIME"]
    assert config["PERMANENT_SESSION_LIFETIME"] <= timedelta(days=7)


def test_login_starts_a_fresh_session(client, world):
    client.get("/login")  # the form gives this visitor a CSRF token
    with client.session_transaction() as before:
        before["planted"] = "by whoever used this browser before"
        before["lang"] = "es"
        token = before["csrf_token"]
    login_as(client, "admin")
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after.get("csrf_token") != token
        assert after["lang"] == "es"  # the language chosen on the login page stays
    client.get("/o/coop-a/")
    with client.session_transaction() as used:
        assert used["csrf_token"] != token


def test_a_member_login_starts_a_fresh_session_too(client, world):
    client.get("/o/coop-a/login")
    with client.session_transaction() as before:
        before["planted"] = "x"
    login_member(client)
    with client.session_transaction() as after:
        assert "planted" not in after


def _expire_certifier(app, world) -> None:
    with app.app_context():
        access = db.session.scalar(
            sa.select(Access).where(
                Access.role == Role.CERTIFIER, Access.organization_id == world.a.id
            )
        )
        access.expires_on = org_today() - timedelta(days=2)
        db.session.commit()


@pytest.mark.parametrize("next_page", ["", "?next=/o/coop-a/export/"])
def test_an_expired_certifier_is_told_plainly(app, client, world, next_page):
    _expire_certifier(app, world)
    response = client.post(
        f"/login{next_page}", data={"email": "certifier@coop-a.test", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Your access to Cooperativa coop-a ended on" in text
    assert "/o/coop-a/" not in text


def test_the_start_page_lists_only_organizations_where_access_counts(app, client, world):
    _expire_certifier(app, world)
    assert login(client, "admin@coop-a.test").status_code == 302
    assert client.get("/").location == "/o/coop-a/"


def test_the_ballot_a_login_answers_with_carries_the_new_session_s_token(app, world):
    """The login is answered with the ballot itself: its CSRF token must be the fresh
    session's, not the one the login form was checked with."""
    import re

    from coop.voting.models import Ballot

    board = app.test_client()
    login_as(board, "secretary")
    base = open_session(board, world, "001", "002", "003")
    board.post(f"{base}/items/{world.a.decision_item_id}/open-vote")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        member = app.test_client()
        form = member.get("/o/coop-a/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        data = {"number": "001", "pin": PIN, "csrf_token": token}
        ballot = member.post("/o/coop-a/login", data=data)
        assert ballot.status_code == 200
        page = ballot.get_data(as_text=True)
        fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        action = re.search(r'<form[^>]+action="([^"]+/ballot)"', page).group(1)
        cast = member.post(action, data={"csrf_token": fresh, "choice": "yes", "confirm": "1"})
        assert cast.status_code == 200
        stale = member.post(action, data={"csrf_token": token, "choice": "no", "confirm": "1"})
        assert stale.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


@pytest.mark.parametrize("who", ["admin", "member"])
def test_an_organization_s_page_finds_the_session_with_the_organization(app, client, world, who):
    """Every page of an organization starts with one query for the reader's session, the
    organization and the access there; Flask-Login does not ask again."""
    if who == "member":
        login_member(client)
    else:
        login_as(client, who)
    answers = []
    sent = statements_of(app, lambda: answers.append(client.get("/o/coop-a/")))
    assert answers[0].status_code == 200
    asking = [s for s in sent if "login_session" in s]
    assert len(asking) == 1, "\n\n".join(asking)
    assert "organization" in asking[0] and "access" in asking[0]
