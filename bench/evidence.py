"""The evidence page, the export and its verification for a large organization: 5,000 members
and ten years of assemblies (three a year, 20 votes each, 1,500 present), with a roll frozen
at each opening, officers elected every year and approved minutes.

Run: .venv/bin/python bench/evidence.py [--members N] [--database URL]
Builds the record in bulk on a fresh database (minutes approved through the service, so each
PDF is rendered once, at approval), then measures, for the last full financial year:
the evidence page (wall and CPU seconds, SQL statements), the export (wall and CPU seconds,
Python's peak allocation and the process's peak RSS), and its verification.
The machine is shared: wall seconds depend on its load, CPU seconds less so.
"""

import cProfile
import os
import resource
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from fresh import arguments, fresh_app

from coop.assemblies import services
from coop.assemblies.models import AssemblyStatus, Attendance, Voter
from coop.audit import offline
from coop.auth.models import Role
from coop.auth.services import create_user, grant
from coop.core.extensions import db
from coop.evidence.services import period_for
from coop.exports.services import build_export, languages_for
from coop.members import bulk
from coop.members.rules import Sex
from coop.minutes import services as minutes
from coop.minutes.models import Minutes
from coop.statutes.founding import found_organization
from coop.statutes.rules import Outcome, Position
from coop.voting.models import Officer, Vote, VoteOption, VoteStatus

YEARS = range(2016, 2026)
MONTHS = (3, 7, 11)
VOTES = 20
PRESENT = 1500
PASSWORD = "bench-password-1"


def members(org, count: int) -> list[int]:
    rows = [
        (
            {
                "number": f"{n:05d}",
                "given_names": "Ana" if n % 2 else "Luis",
                "surnames": f"Ruiz {n}",
                "sex": Sex.FEMALE if n % 2 else Sex.MALE,
                "birth_year": 1950 + n % 55,
                "community": f"Comunidad {n % 12}",
                "joined_on": date(2010, 1, 1),
            },
            None,
            [{"product": "coffee", "total_area_ha": 3, "product_area_ha": 2 + n % 20}],
            None,
        )
        for n in range(1, count + 1)
    ]
    ids = bulk.insert_members(org, rows, "bench", None)
    db.session.commit()
    return ids


def votes(org, items, when: datetime, eligible: int) -> list[int]:
    """Closed show-of-hands motions on every item, with their options and totals."""
    rows = [
        {
            "organization_id": org.id,
            "agenda_item_id": item.id,
            "kind": "motion",
            "channels": ["show_of_hands"],
            "status": VoteStatus.CLOSED,
            "outcome": Outcome.APPROVED,
            "majority_rule": ">1/2 votes_cast",
            "present_at_vote": PRESENT,
            "represented_at_vote": 0,
            "eligible_at_vote": eligible,
            "quorum_required": eligible // 2 + 1,
            "opened_at": when,
            "closed_at": when + timedelta(hours=1),
        }
        for item in items
    ]
    ids = list(
        db.session.scalars(sa.insert(Vote).returning(Vote.id, sort_by_parameter_order=True), rows)
    )
    options = [
        {
            "organization_id": org.id,
            "vote_id": vote_id,
            "position": position,
            "key": key,
            "label": key,
            "total": total,
        }
        for vote_id in ids
        for position, (key, total) in enumerate(
            (("yes", PRESENT - 100), ("no", 60), ("abstain", 40)), start=1
        )
    ]
    db.session.execute(sa.insert(VoteOption), options)
    return ids


def build(org, member_ids: list[int]) -> None:
    """Thirty closed assemblies with attendance, roll, votes, officers and approved minutes."""
    eligible = len(member_ids)
    for n, (year, month) in enumerate((y, m) for y in YEARS for m in MONTHS):
        when = datetime(year, month, 14, 15, tzinfo=UTC)
        kind = "ordinary" if month == 3 else "extraordinary"
        assembly = services.create_assembly(
            org, kind, f"Asamblea {year}-{month}", when, "Sede", None
        )
        items = [
            services.add_item(org, assembly, f"Punto {k + 1}", "decision", None)
            for k in range(VOTES)
        ]
        services.convene(org, assembly, when.date() - timedelta(days=20), ["radio"], "", None)
        db.session.flush()
        start = (n * 97) % (eligible - PRESENT) if eligible > PRESENT else 0
        present = member_ids[start : start + PRESENT]
        db.session.execute(
            sa.insert(Attendance),
            [
                {"organization_id": org.id, "assembly_id": assembly.id, "member_id": m}
                | {"arrived_at": when, "source": "door"}
                for m in present
            ],
        )
        db.session.execute(
            sa.insert(Voter),
            [
                {"organization_id": org.id, "assembly_id": assembly.id, "member_id": m}
                for m in member_ids
            ],
        )
        vote_ids = votes(org, items, when, eligible)
        if month == 3:
            db.session.execute(
                sa.insert(Officer),
                [
                    {
                        "organization_id": org.id,
                        "member_id": member_ids[(n * 7 + k) % eligible],
                        "position": Position.BOARD,
                        "term_start": when.date(),
                        "term_end": when.date().replace(year=year + 1) - timedelta(days=1),
                        "elected_by_id": vote_ids[0],
                    }
                    for k in range(5)
                ],
            )
        required = eligible // 2 + 1
        figures = {"present": PRESENT, "represented": 0, "eligible": eligible, "required": required}
        assembly.status, assembly.current_call = AssemblyStatus.CLOSED, 1
        assembly.opened_at, assembly.closed_at = when, when + timedelta(hours=3)
        assembly.opening_figures = {**figures, "at": when.isoformat()}
        assembly.eligible_count, assembly.present_count = eligible, PRESENT
        assembly.represented_count, assembly.quorum_required = 0, required
        record = Minutes(organization_id=org.id, assembly_id=assembly.id, notes={})
        db.session.add(record)
        db.session.flush()
        minutes.approve(org, record, None)
        db.session.commit()


def timed(action):
    started, cpu = time.perf_counter(), time.process_time()
    value = action()
    return value, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    args = arguments(5000)
    with fresh_app(args.database) as (app, url), app.app_context():
        org = found_organization("bench", "Bench", "MX", "America/Mexico_City", "es")
        grant(org, create_user("Admin", "admin@bench.test", PASSWORD), Role.ADMIN, None)
        member_ids = members(org, args.members)
        started = time.perf_counter()
        build(org, member_ids)
        print(f"record built in {time.perf_counter() - started:.0f} s")
        period = period_for(org, f"fy-{YEARS[-1]}")
        db.session.remove()

        # The bench logs in over plain HTTP with the test client, without a form's CSRF token.
        app.config.update(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False)
        client = app.test_client()
        client.post("/login", data={"email": "admin@bench.test", "password": PASSWORD})
        page_url = f"/o/bench/evidence/{period.key}"
        assert client.get(page_url).status_code == 200  # templates compiled, caches warm
        statements: list[int] = []
        listener = lambda *a: statements.append(1)  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        response, wall, cpu = timed(lambda: client.get(page_url))
        sa.event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200
        print(
            f"evidence page ({period.key}): {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"{len(statements)} statements, {len(response.data) / 1e3:.0f} kB"
        )

        with app.test_request_context():
            org = db.session.merge(org)
            if os.environ.get("BENCH_PROFILE"):
                cProfile.runctx(
                    "build_export(org, period, languages_for(org, 'fr'))",
                    globals(),
                    {"org": org, "period": period},
                    sort="cumulative",
                )
            # Timed without tracemalloc (which slows every allocation), then measured with it.
            export, wall, cpu = timed(lambda: build_export(org, period, languages_for(org, "fr")))
            tracemalloc.start()
            build_export(org, period, languages_for(org, "fr"))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"export ({period.key}, es + fr reports): {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"{len(export.content) / 1e6:.1f} MB ZIP; Python peak {peak / 1e6:.0f} MB, "
            f"process peak RSS {rss:.0f} MB"
        )
        report, wall, cpu = timed(lambda: offline.check_export(export.content))
        assert report.ok, report.problems
        print(
            f"verification: {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({report.files} files, {report.events} audit events)"
        )
        print(
            f"on {url.split(':')[0]}: {args.members} members, {len(YEARS) * len(MONTHS)} "
            f"assemblies of {VOTES} votes, {PRESENT} present at each"
        )


if __name__ == "__main__":
    main()
