"""Members casting ballots at once through gunicorn, against the ceiling of one INSERT.

Run: .venv/bin/python bench/cast_vote.py [--members N] [--connections C] [--workers W]
     [--threads T] [--rounds R] [--database URL]

On a fresh database (default: a temporary SQLite file), through the app's own services: one
organization, N members (default 2,000) with a PIN, an assembly in session with all of them
checked in, and electronic votes open. Prints the SQL statements one cast issues (through
the test client), then serves bench/cast_vote_app.py with gunicorn, W workers of T threads
(default 2 x 4: threads, so that a worker waiting on the database still answers; the
README's `gunicorn -w 4` is `--workers 4 --threads 1`), with DATABASE_URL and SECRET_KEY
set as the README says. A separate process logs every member in, then sends from C
concurrent connections (default 64):

- ceiling: one POST per member to an endpoint that inserts one ballot row, nothing else;
- coop: one real cast per member, with its session cookie and CSRF token;

taking turns, a slice of each per round (R rounds, default 4), so that both meet the machine
as it is at that minute. For both: requests, throughput, p50/p99 latency, 5xx answers,
ballots acknowledged and ballots stored, the server's CPU per request; then coop's
throughput as a share of the ceiling's, overall and in each round. Each request opens its
own connection, as phones in a hall do.

PINs are hashed with a cheap method here: logging in is not what is measured.
"""

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from fresh import fresh_app

from coop.assemblies import attendance
from coop.assemblies import services as assemblies
from coop.assemblies.session import open_session
from coop.core.extensions import db
from coop.members import bulk
from coop.members.models import Member
from coop.members.pins import issue_pin
from coop.members.rules import Sex
from coop.statutes.founding import found_organization
from coop.voting.models import Ballot
from coop.voting.services import VoteSpec, open_vote

BENCH = Path(__file__).resolve().parent
PIN = "135790"
SECRET = "bench-secret-key-not-for-production"
CSRF = re.compile(rb'name="csrf_token" value="([^"]+)"')


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default=None)
    parser.add_argument("--secret", action="store_true", help="secret ballots")
    parser.add_argument(
        "--rounds", type=int, default=4, help="turns the ceiling and coop take (a slice each)"
    )
    return parser.parse_args()


@dataclass
class Setup:
    """What the load needs to know about the data built for it."""

    slug: str
    organization_id: int
    assembly_id: int
    vote_id: int  # the vote members cast in
    ceiling_vote_id: int  # the vote the ceiling endpoint inserts into
    members: list[tuple[int, str]]  # (id, number)


def build(members: int, secret: bool = False) -> tuple[Setup, int]:
    """The organization, members with PINs, the assembly in session and three open votes;
    and the vote left for counting the statements of one cast."""
    org = found_organization("bench", "Bench", "MX", "America/Mexico_City", "es")
    rows = [
        bulk.NewMember(
            {
                "number": str(n),
                "given_names": "Ana",
                "surnames": f"Ruiz {n}",
                "sex": Sex.FEMALE,
                "joined_on": date(2015, 1, 1),
            }
        )
        for n in range(1, members + 1)
    ]
    ids = bulk.insert_members(org, rows, "bench", None)
    db.session.commit()
    people = list(db.session.scalars(sa.select(Member).where(Member.id.in_(ids))))
    for member in people:
        issue_pin(org, member, None, pin=PIN)
    db.session.commit()
    assembly = assemblies.create_assembly(
        org, "ordinary", "Bench", datetime.now(UTC) - timedelta(minutes=1), "Hall", None
    )
    items = [assemblies.add_item(org, assembly, f"Item {n}", "decision", None) for n in (1, 2, 3)]
    assemblies.convene(org, assembly, date.today() - timedelta(days=20), ["radio"], "", None)
    db.session.commit()
    for member in people:
        attendance.check_in(org, assembly, member, None)
    open_session(org, assembly, None)
    spec = VoteSpec(secret=secret)
    votes = [open_vote(org, assembly, item, None, spec) for item in items]
    db.session.commit()
    numbers = [(m.id, m.number) for m in sorted(people, key=lambda m: int(m.number))]
    setup = Setup("bench", org.id, assembly.id, votes[0].id, votes[1].id, numbers)
    return setup, votes[2].id


def statements_of_one_cast(app, setup: Setup, vote_id: int) -> list[str]:  # noqa: ANN001
    """The SQL statements one member's cast sends through the test client, with "(begin)"
    and "(commit)" where a transaction begins and ends (neither goes through the cursor)."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    _id, number = setup.members[0]
    response = client.post(f"/o/{setup.slug}/login", data={"number": number, "pin": PIN})
    assert response.status_code in (200, 302), response.status_code
    seen: list[str] = []

    def statement(_conn, _cursor, text, *_args) -> None:  # noqa: ANN001
        seen.append(" ".join(text.split()))

    def begin(_conn) -> None:  # noqa: ANN001
        seen.append("(begin)")

    def commit(_conn) -> None:  # noqa: ANN001
        seen.append("(commit)")

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "begin", begin)
    sa.event.listen(engine, "commit", commit)
    try:
        url = f"/o/{setup.slug}/assemblies/{setup.assembly_id}/votes/{vote_id}/ballot"
        response = client.post(url, data={"choice": "yes", "confirm": "1"})
    finally:
        sa.event.remove(engine, "before_cursor_execute", statement)
        sa.event.remove(engine, "begin", begin)
        sa.event.remove(engine, "commit", commit)
    assert response.status_code == 200 and b'class="receipt"' in response.data, response.status_code
    app.config["WTF_CSRF_ENABLED"] = True
    return seen


# --- the load, in its own process ------------------------------------------------------


@dataclass
class Answer:
    status: int
    seconds: float
    cookie: str = ""
    body: bytes = b""


async def _http(port: int, method: str, path: str, cookie: str = "", form: str = "") -> Answer:
    """One request on its own connection; HTTP/1.1 with Connection: close."""
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = form.encode()
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    head.append("Accept-Language: en")
    if cookie:
        head.append(f"Cookie: session={cookie}")
    if method == "POST":
        head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    raw = await reader.read(-1)
    writer.close()
    seconds = time.perf_counter() - start
    header, _sep, content = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else 0
    cookie_out = ""
    for line in lines[1:]:
        name, _colon, value = line.partition(":")
        if name.lower() == "set-cookie" and value.strip().startswith("session="):
            cookie_out = value.strip()[len("session=") :].split(";")[0]
    return Answer(status, seconds, cookie_out, content)


async def _run_all(jobs: list, connections: int) -> list[Answer]:
    """Run the request coroutines `jobs` (factories), at most `connections` at a time."""
    results: list[Answer | None] = [None] * len(jobs)
    queue = list(enumerate(jobs))[::-1]

    async def worker() -> None:
        while queue:
            index, job = queue.pop()
            try:
                results[index] = await job()
            except OSError:
                results[index] = Answer(0, 0.0)

    await asyncio.gather(*(worker() for _ in range(connections)))
    return [r for r in results if r is not None]


@dataclass
class Phase:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    statuses: dict[int, int]
    acknowledged: int
    client_cpu: float
    server_cpu: float = 0.0
    stored: int = 0
    extra: dict[str, float] = field(default_factory=dict)
    rounds: list[float] = field(default_factory=list)  # requests per second, each round

    def add(self, part: "Phase") -> None:
        """Count a round's requests in."""
        self.requests += part.requests
        self.seconds += part.seconds
        self.latencies = sorted(self.latencies + part.latencies)
        for status, n in part.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        self.acknowledged += part.acknowledged
        self.client_cpu += part.client_cpu


def _phase(name: str, answers: list[Answer], seconds: float, cpu: float, ack) -> Phase:  # noqa: ANN001
    statuses: dict[int, int] = {}
    for answer in answers:
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
    return Phase(
        name,
        len(answers),
        seconds,
        sorted(a.seconds for a in answers),
        statuses,
        sum(1 for a in answers if ack(a)),
        cpu,
    )


def load(
    port: int, setup: Setup, spare_vote: int, connections: int, server_pids: list[int], rounds: int
) -> list[Phase]:
    """Log every member in, then the ceiling's requests and coop's casts, in turns."""
    slug = setup.slug
    sessions: dict[str, tuple[str, str]] = {}

    async def login(number: str) -> Answer:
        page = await _http(port, "GET", f"/o/{slug}/login")
        token = CSRF.search(page.body)
        if page.status != 200 or token is None:
            return page
        form = urlencode({"csrf_token": token.group(1).decode(), "number": number, "pin": PIN})
        answer = await _http(port, "POST", f"/o/{slug}/login", page.cookie, form)
        # A member who may vote is answered with the ballot itself (200). A login starts a
        # fresh session, so the CSRF token to cast with is the one on that ballot.
        fresh = CSRF.search(answer.body) if answer.status == 200 else None
        if fresh is not None and answer.cookie:
            sessions[number] = (answer.cookie, fresh.group(1).decode())
        return answer

    start = time.perf_counter()
    logins = asyncio.run(_run_all([lambda n=n: login(n) for _id, n in setup.members], connections))
    failed = [a.status for a in logins if a.status not in (200, 302)]
    print(
        f"  logged in {len(sessions)} members in {time.perf_counter() - start:.1f} s"
        + (f"; {len(failed)} failed: {sorted(set(failed))}" if failed else "")
    )

    def ceiling(member_id: int, vote_id: int = setup.ceiling_vote_id):  # noqa: ANN202
        path = f"/bench/ceiling/{setup.organization_id}/{vote_id}/{member_id}"
        return lambda: _http(port, "POST", path)

    def cast(number: str, vote_id: int = setup.vote_id):  # noqa: ANN202
        cookie, token = sessions[number]
        form = urlencode({"csrf_token": token, "choice": "yes", "confirm": "1"})
        path = f"/o/{slug}/assemblies/{setup.assembly_id}/votes/{vote_id}/ballot"
        return lambda: _http(port, "POST", path, cookie, form)

    # Warm-up, not measured, in the vote kept aside: each worker compiles its templates and
    # its statements, and its connections prepare theirs, once (a server does that once too).
    warm = [ceiling(i, spare_vote) for i, _n in setup.members[-connections:]]
    warm += [cast(n, spare_vote) for _i, n in setup.members[1 : connections + 1] if n in sessions]
    asyncio.run(_run_all(warm, connections))

    kinds = (
        ("ceiling", [ceiling(i) for i, _n in setup.members], lambda a: a.status == 204),
        (
            "coop",
            [cast(n) for _i, n in setup.members if n in sessions],
            # A ballot taken is answered with its receipt.
            lambda a: a.status == 200 and b'class="receipt"' in a.body,
        ),
    )
    # The two take turns, a slice each per round: this machine's speed drifts within a
    # minute (shared CPUs), and a drift between one phase and the next would be read as a
    # difference between them.
    phases = [Phase(name, 0, 0.0, [], {}, 0, 0.0) for name, _jobs, _ack in kinds]
    for turn in range(rounds):
        for phase, (_name, jobs, ack) in zip(phases, kinds, strict=True):
            part = jobs[turn * len(jobs) // rounds : (turn + 1) * len(jobs) // rounds]
            server_before = _cpu_seconds(server_pids)
            cpu, start = time.process_time(), time.perf_counter()
            answers = asyncio.run(_run_all(part, connections))
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            phase.add(_phase(phase.name, answers, seconds, cpu, ack))
            phase.server_cpu += _cpu_seconds(server_pids) - server_before
            phase.rounds.append(len(answers) / seconds)
    return phases


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds these processes used so far (Linux; 0 elsewhere)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK") if pids else 0.0


# --- the server ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    """gunicorn on bench/cast_vote_app.py, ready to answer."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET}
    # Login limits are not measured here: without RATELIMIT_STORAGE_URI naming a Redis, the
    # workers may count logins apart (coop refuses that in production unless told so).
    env.setdefault("COOP_ONE_PROCESS", "1")
    env.pop("COOP_ENV", None)
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads)]
    command += ["-b", f"127.0.0.1:{port}", "--chdir", str(BENCH), "cast_vote_app:app"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=output)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise SystemExit(log.read_text())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.terminate()
                raise SystemExit("gunicorn did not start:\n" + log.read_text()) from None
            time.sleep(0.2)
    # The workers are up once each has imported the app; a few requests make sure.
    for _ in range(workers * 2):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            while sock.recv(65536):
                pass
    return process


def _workers(master: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{master}/task").glob("*"):
        try:
            children += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def report(phase: Phase) -> None:
    """One phase's figures."""
    lat = phase.latencies
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0
    errors = sum(n for status, n in phase.statuses.items() if status >= 500 or status == 0)
    print(
        f"  {phase.name:8s} {phase.requests} requests in {phase.seconds:.2f} s: "
        f"{phase.requests / phase.seconds:.0f} req/s, p50 {_ms(statistics.median(lat))}, "
        f"p99 {_ms(p99)}, 5xx {errors}, answers {dict(sorted(phase.statuses.items()))}"
    )
    print(
        f"  {'':8s} ballots acknowledged {phase.acknowledged}, stored {phase.stored}; "
        f"server CPU {phase.server_cpu / phase.requests * 1000:.1f} ms/request, "
        f"load generator CPU {phase.client_cpu / phase.seconds * 100:.0f} % of a core"
    )


def main() -> None:
    args = arguments()
    with fresh_app(args.database) as (app, url):
        app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
        kind = url.split(":")[0].split("+")[0]
        start = time.perf_counter()
        with app.app_context():
            setup, spare_vote = build(args.members, args.secret)
        print(
            f"{kind}: {args.members} members with PINs, checked in, votes open "
            f"({time.perf_counter() - start:.0f} s to set up)"
        )
        # Outside any app context, so the request has its own session, as on the server.
        statements = statements_of_one_cast(app, setup, spare_vote)
        markers = ("(begin)", "(commit)")
        print(f"SQL statements in one cast: {sum(s not in markers for s in statements)}")
        n = 0
        for statement in statements:
            n += statement not in markers
            print(f"      {statement}" if statement in markers else f"  {n:2d}. {statement[:150]}")
        with app.app_context():
            db.engine.dispose()

        port = _free_port()
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "gunicorn.log"
            server = serve(url, port, args.workers, args.threads, log)
            try:
                print(
                    f"gunicorn -w {args.workers} --threads {args.threads}, "
                    f"{args.connections} concurrent connections:"
                )
                with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                    phases = pool.submit(
                        load,
                        port,
                        setup,
                        spare_vote,
                        args.connections,
                        _workers(server.pid),
                        args.rounds,
                    ).result()
            finally:
                server.terminate()
                server.wait(timeout=30)
            text = log.read_text(errors="replace")

        with app.app_context():
            for phase, vote in zip(phases, (setup.ceiling_vote_id, setup.vote_id), strict=True):
                phase.stored = db.session.scalar(
                    sa.select(sa.func.count()).select_from(Ballot).where(Ballot.vote_id == vote)
                )
                report(phase)
            db.engine.dispose()
        ceiling, coop = phases
        ratio = (coop.requests / coop.seconds) / (ceiling.requests / ceiling.seconds)
        by_round = " ".join(
            f"{b / a:.2f}" for a, b in zip(ceiling.rounds, coop.rounds, strict=True)
        )
        print(f"  coop/ceiling throughput: {ratio:.2f} (each round: {by_round})")
        if "Traceback" in text:
            print(
                f"  server log: {text.count('Traceback')} tracebacks, "
                f"{text.count('database is locked')} of them 'database is locked'"
            )


if __name__ == "__main__":
    main()
