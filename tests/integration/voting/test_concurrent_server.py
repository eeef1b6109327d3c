"""Members voting at the same moment, against gunicorn with threads on the test database.

The test client runs one request at a time; only a real server shows what two voters at
once do to the database (on SQLite, a transaction that read first could not take the write
lock and answered 500). The server is `tests/server_app.py`, on a free port.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from flask import Flask

from coop.assemblies import attendance
from coop.assemblies import services as assemblies
from coop.assemblies.models import Assembly
from coop.assemblies.session import open_session
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.bulk import NewMember, insert_members
from coop.members.models import Member
from coop.members.pins import issue_pin
from coop.members.rules import Sex
from coop.voting.models import Ballot, Vote
from coop.voting.rules import Tally
from coop.voting.services import VoteSpec, close_vote, open_vote
from tests.factories import PASSWORD, PIN, make_org, make_secretary, motion_tally, org_today

ROOT = Path(__file__).resolve().parents[3]
MEMBERS = 200
REPEATERS = 50
CHOICES = ("yes", "no", "abstain")


@dataclass
class Server:
    port: int
    log: Path

    def post(self, path: str, data: dict[str, str], cookie: str = "") -> tuple[int, str]:
        """POST a form; the status and the new session cookie ("" if none)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept-Language": "en",
            }
            if cookie:
                headers["Cookie"] = f"session={cookie}"
            conn.request("POST", path, body=urlencode(data), headers=headers)
            response = conn.getresponse()
            response.read()
            jar = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar.load(header)
            return response.status, jar["session"].value if "session" in jar else ""
        finally:
            conn.close()

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(app: Flask, tmp_path: Path) -> Iterator[Server]:
    """gunicorn with 2 workers of 4 threads on the test database, until the test ends."""
    port, log = _free_port(), tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
    }
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "4"]
    command += ["-b", f"127.0.0.1:{port}", "tests.server_app:app"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.1)
        yield Server(port, log)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _assembly_voting(app: Flask, secret: bool = False) -> tuple[int, int, list[str], dict]:
    """MEMBERS members with a PIN, all checked in, the session open and a vote open; the
    option ids of yes, no and abstain."""
    with app.app_context():
        org = make_org("coop-a")
        register = [
            NewMember(
                {
                    "number": f"{n:03d}",
                    "given_names": "Ana",
                    "surnames": f"Ruiz {n}",
                    "sex": Sex.FEMALE,
                    "joined_on": date(2015, 1, 1),
                }
            )
            for n in range(1, MEMBERS + 1)
        ]
        ids = insert_members(org, register, "test", None)
        members = list(db.session.scalars(sa.select(Member).where(Member.id.in_(ids))))
        for member in members:
            issue_pin(org, member, None, pin=PIN)
        assembly = assemblies.create_assembly(
            org, "ordinary", "Asamblea", datetime.now(UTC) - timedelta(minutes=5), "Salón", None
        )
        item = assemblies.add_item(org, assembly, "Estados financieros", "decision", None)
        assemblies.convene(org, assembly, org_today() - timedelta(days=20), ["radio"], "", None)
        for member in members:
            attendance.check_in(org, assembly, member, None)
        open_session(org, assembly, None)
        vote = open_vote(org, assembly, item, None, VoteSpec(secret=secret))
        db.session.commit()
        options = {option.id: option.key for option in vote.options}
        return assembly.id, vote.id, [member.number for member in members], options


def _flashes(app: Flask, cookie: str) -> list[tuple[str, str]]:
    """The messages a response left in the session for the next page."""
    if not cookie:
        return []
    serializer = app.session_interface.get_signing_serializer(app)
    return [tuple(flash) for flash in serializer.loads(cookie).get("_flashes", [])]


def _log_in(server: Server, numbers: list[str]) -> dict[str, str]:
    with ThreadPoolExecutor(8) as pool:
        logins = list(
            pool.map(lambda n: server.post("/o/coop-a/login", {"number": n, "pin": PIN}), numbers)
        )
    # A member who may vote is answered with the ballot itself.
    assert {status for status, _cookie in logins} == {200}, server.log_tail()
    return {number: cookie for number, (_status, cookie) in zip(numbers, logins, strict=True)}


def _stored(app: Flask, vote_id: int, options: dict) -> Counter:
    with app.app_context():
        marks = db.session.scalars(sa.select(Ballot.marks).where(Ballot.vote_id == vote_id))
        return Counter(options[mark] for ballot in marks for mark in ballot)


@pytest.mark.parametrize("secret", [False, True], ids=["named", "secret"])
def test_members_voting_at_once_each_get_one_ballot_and_no_server_error(app, server, secret):
    assembly_id, vote_id, numbers, options = _assembly_voting(app, secret)
    cookies = _log_in(server, numbers)

    # Every member once; the first REPEATERS send the same ballot five times at once.
    sends = [n for i, n in enumerate(numbers) for _ in range(5 if i < REPEATERS else 1)]
    choice = {n: CHOICES[i % 3] for i, n in enumerate(numbers)}
    path = f"/o/coop-a/assemblies/{assembly_id}/votes/{vote_id}/ballot"
    start = threading.Barrier(len(sends), timeout=60)

    def cast(number: str) -> tuple[str, int, str]:
        start.wait()
        data = {"choice": choice[number], "confirm": "1"}
        status, cookie = server.post(path, data, cookies[number])
        return number, status, cookie

    with ThreadPoolExecutor(len(sends)) as pool:
        answers = list(pool.map(cast, sends))

    # A ballot taken is answered with its receipt (200); a repeat is sent back to the
    # ballot page with the reason (302). Never a server error.
    statuses = Counter(status for _number, status, _cookie in answers)
    assert set(statuses) <= {200, 302} and statuses[200] == MEMBERS, (
        f"{statuses}\n{server.log_tail()}"
    )
    refused = ("error", "This ballot is already cast.")
    for number in numbers:
        mine = [(status, cookie) for n, status, cookie in answers if n == number]
        assert sum(1 for status, _cookie in mine if status == 200) == 1, number
        repeats = [f for status, cookie in mine if status == 302 for f in _flashes(app, cookie)]
        assert repeats == [refused] * (len(mine) - 1), (number, repeats)

    stored = _stored(app, vote_id, options)
    assert stored == Counter(choice.values())  # no lost and no double vote
    with app.app_context():
        assembly = db.session.get(Assembly, assembly_id)
        vote = db.session.get(Vote, vote_id)
        close_vote(db.session.get(Organization, assembly.organization_id), assembly, vote, None)
        db.session.commit()
        assert motion_tally(vote, app) == Tally(stored["yes"], stored["no"], stored["abstain"])


def test_closing_while_ballots_arrive_gives_one_consistent_result(app, server):
    """The secretary closes the vote while members are still voting: every ballot answered
    with a receipt is counted, every later one is refused, and nothing is lost between."""
    assembly_id, vote_id, numbers, options = _assembly_voting(app)
    cookies = _log_in(server, numbers)
    with app.app_context():
        secretary = make_secretary("coop-a")
    board = server.post("/login", {"email": secretary, "password": PASSWORD})[1]
    path = f"/o/coop-a/assemblies/{assembly_id}/votes/{vote_id}"
    start = threading.Barrier(len(numbers) + 1, timeout=60)

    def cast(number: str) -> int:
        start.wait()
        return server.post(f"{path}/ballot", {"choice": "yes", "confirm": "1"}, cookies[number])[0]

    def close() -> int:
        start.wait()
        time.sleep(0.05)  # in the middle of the rush
        return server.post(f"{path}/close", {}, board)[0]

    with ThreadPoolExecutor(len(numbers) + 1) as pool:
        closing = pool.submit(close)
        casts = list(pool.map(cast, numbers))
    assert closing.result() == 302 and set(casts) <= {200, 302}, server.log_tail()
    stored = _stored(app, vote_id, options)
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        assert not vote.is_open, server.log_tail()
        # The result holds exactly the ballots acknowledged with a receipt.
        assert motion_tally(vote, app).yes == casts.count(200) == stored["yes"]
