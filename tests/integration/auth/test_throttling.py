"""Login limits: counted before the PIN is checked, narrow before wide, lifted at the desk."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.members import pins
from tests.factories import PIN, login_as, login_member


def _browser(app, address: str):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def limits(app):
    """Change login limits for one test."""
    saved = dict(app.config)

    def configure(**settings: str) -> None:
        app.config.update(settings)

    yield configure
    app.config.update(saved)


def test_twenty_simultaneous_wrong_pins_get_no_more_checks_than_the_limit(app, world, monkeypatch):
    checked: list[str] = []
    real_check = pins.check_password_hash
    barrier = threading.Barrier(20)

    def slow_check(pin_hash: str, pin: str) -> bool:
        checked.append(pin)
        threading.Event().wait(0.05)  # a real hash takes this long: room for the race
        return real_check(pin_hash, pin)

    monkeypatch.setattr(pins, "check_password_hash", slow_check)

    def guess(n: int) -> int:
        client = _browser(app, "10.0.0.7")
        barrier.wait()
        return login_member(client, pin=f"{900000 + n}").status_code

    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(guess, range(20)))
    assert len(checked) == 5
    assert sorted(codes) == [400] * 5 + [429] * 15


def test_one_pin_sprayed_over_many_numbers_is_refused_early(client, world):
    codes = [
        login_member(client, number=f"{n:04d}", pin="123456").status_code for n in range(1, 121)
    ]
    first = codes.index(429)
    assert first <= 10
    assert set(codes[first:]) == {429}


def test_after_a_spray_a_member_on_that_connection_waits_minutes_or_goes_to_the_desk(app, world):
    office = _browser(app, "10.0.0.8")
    for n in range(100, 130):
        login_member(office, number=str(n), pin="123456")
    member = _browser(app, "10.0.0.8")
    refused = login_member(member)
    assert refused.status_code == 429
    wait = re.search(r"Try again in (\d+) minutes?", refused.get_data(as_text=True))
    assert wait and int(wait.group(1)) <= 5
    desk = _browser(app, "10.0.0.9")
    login_as(desk, "secretary")
    assert desk.post(f"/o/coop-a/members/{world.a.member_ids['001']}/login-lock").status_code == 302
    assert login_member(member).status_code == 302


def test_junk_posts_lock_nobody_out(client, world):
    junk = [{"number": "001"}, {"number": "001", "pin": ""}, {"number": "001", "pin": "abc"}]
    for data in junk * 5:
        assert client.post("/o/coop-a/login", data=data).status_code == 400
    assert login_member(client).status_code == 302


def test_wrong_pins_from_another_connection_do_not_lock_the_member_out(app, world):
    hostile = _browser(app, "10.0.1.1")
    for _ in range(5):
        assert login_member(hostile, pin="000000").status_code == 400
    assert login_member(hostile, pin="000000").status_code == 429
    assert login_member(_browser(app, "10.0.1.2")).status_code == 302


def test_the_secretary_lets_a_locked_member_in_at_the_desk(app, world):
    office = _browser(app, "10.0.2.1")
    for _ in range(5):
        login_member(office, pin="000000")
    refused = login_member(office)
    assert refused.status_code == 429
    assert "secretary at the desk" in refused.get_data(as_text=True)
    desk = _browser(app, "10.0.2.2")
    login_as(desk, "secretary")
    member_page = f"/o/coop-a/members/{world.a.member_ids['001']}"
    assert f'action="{member_page}/login-lock"' in desk.get(member_page).get_data(as_text=True)
    assert desk.post(f"{member_page}/login-lock").status_code == 302
    assert login_member(office).status_code == 302
    with app.app_context():
        lifted = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "member.login_unlocked")
        )
        assert lifted.object_id == world.a.member_ids["001"]


def test_a_new_pin_lifts_the_lock(app, world):
    office = _browser(app, "10.0.3.1")
    for _ in range(5):
        login_member(office, pin="000000")
    assert login_member(office).status_code == 429
    desk = _browser(app, "10.0.3.2")
    login_as(desk, "secretary")
    page = desk.post(f"/o/coop-a/members/{world.a.member_ids['001']}/pin").get_data(as_text=True)
    new_pin = re.search(r'class="pin">\s*([0-9]+)', page).group(1)
    assert login_member(office, pin=new_pin).status_code == 302


def test_only_the_board_lifts_a_lock_and_only_in_its_organization(app, world):
    member = _browser(app, "10.0.4.1")
    login_member(member)
    target = f"/o/coop-a/members/{world.a.member_ids['002']}/login-lock"
    assert member.post(target).status_code == 403
    other = _browser(app, "10.0.4.2")
    login_as(other, "secretary", "coop-b")
    assert other.post(target).status_code == 404
    assert (
        other.post(f"/o/coop-b/members/{world.a.member_ids['002']}/login-lock").status_code == 404
    )


def test_guessing_from_many_addresses_stays_bounded(app, world, limits):
    limits(PIN_LIMIT_PER_MEMBER="8 per day", PIN_LIMIT_PER_ORGANIZATION="99 per hour; 12 per day")
    # One member from many addresses: the member's own limit, whatever the address.
    codes = [
        login_member(_browser(app, f"10.1.{n}.1"), pin="000000").status_code for n in range(12)
    ]
    assert codes == [400] * 8 + [429] * 4
    # Many members from many addresses: the organization's limit.
    codes = [
        login_member(_browser(app, f"10.2.{n}.1"), number=f"{n:03d}", pin="000000").status_code
        for n in range(2, 12)
    ]
    assert codes == [400] * 4 + [429] * 6  # 8 + 4 failures fill the organization's 12
    # The desk lets member 001 in all the same.
    desk = _browser(app, "10.3.0.1")
    login_as(desk, "secretary")
    desk.post(f"/o/coop-a/members/{world.a.member_ids['001']}/login-lock")
    assert login_member(_browser(app, "10.3.0.2"), pin=PIN).status_code == 302
    # Another organization is not affected.
    assert login_member(_browser(app, "10.3.0.3"), slug="coop-b").status_code == 302


def test_ipv6_addresses_count_by_their_64_prefix(app, world):
    for n in range(5):
        login_member(_browser(app, f"2001:db8:1:2::{n + 1}"), pin="000000")
    assert login_member(_browser(app, "2001:db8:1:2::99")).status_code == 429
    assert login_member(_browser(app, "2001:db8:1:3::1")).status_code == 302


def test_password_logins_are_limited_the_same_way(app, world):
    thief = _browser(app, "10.4.0.1")
    for _ in range(5):
        assert login_as_status(thief, "admin@coop-a.test", "wrong") == 400
    assert login_as_status(thief, "admin@coop-a.test", "correct horse battery") == 429
    assert login_as_status(_browser(app, "10.4.0.2"), "admin@coop-a.test") == 302


def login_as_status(client, email: str, password: str = "correct horse battery") -> int:
    return client.post("/login", data={"email": email, "password": password}).status_code


def test_without_its_counters_no_pin_is_checked(app, client, world, monkeypatch):
    from coop.core.extensions import limiter

    def down(*args, **kwargs):
        raise ValueError("the counters' storage is unreachable")

    desk = _browser(app, "10.5.0.1")
    login_as(desk, "secretary")
    monkeypatch.setattr(limiter.storage, "incr", down)
    monkeypatch.setattr(limiter.storage, "clear", down)
    refused = login_member(client)
    assert refused.status_code == 429
    assert "not possible just now" in refused.get_data(as_text=True)
    # The secretary, logged in before, can still issue a PIN.
    assert desk.post(f"/o/coop-a/members/{world.a.member_ids['002']}/pin").status_code == 200


def test_a_member_locked_for_the_day_is_told_in_hours(app, world, limits):
    limits(PIN_LIMIT_PER_MEMBER="3 per day")
    for n in range(3):
        login_member(_browser(app, f"10.6.{n}.1"), pin="000000")
    refused = login_member(_browser(app, "10.6.9.1")).get_data(as_text=True)
    assert re.search(r"Try again in \d+ hours?\.", refused)
