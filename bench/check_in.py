"""The door on a large day: a 10,000-member register, a paper sheet of 4,900 numbers, then
members checked in one by one at the door until 5,000 are present; then a vote on paper in
which the whole room's ballots are ticked off at once.

Run: .venv/bin/python bench/check_in.py [--members N] [--database URL]
Prints the time of the paper sheet (one request), then for the door check-ins made through
the pages (the POST and the page it leads to, as the secretary's browser does) the median
and 95th percentile, the door page's size, and the statements of one check-in; then the time
to tick off every member present as having voted on paper (one list, through the service).
"""

import statistics
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from fresh import arguments, fresh_app

from coop.assemblies import services
from coop.assemblies.models import AgendaItem, Assembly
from coop.assemblies.session import open_session
from coop.auth.models import Role
from coop.auth.services import create_user, grant
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import bulk
from coop.members.rules import Sex
from coop.statutes.founding import found_organization
from coop.voting.counts import record_paper_voters
from coop.voting.rules import Channel
from coop.voting.services import VoteSpec, open_vote

SHEET = 4900
DOOR = 100


def main() -> None:
    args = arguments(10_000)
    with fresh_app(args.database) as (app, url):
        app.config["WTF_CSRF_ENABLED"] = False
        with app.app_context():
            org = found_organization("bench", "Bench", "MX", "America/Mexico_City", "es")
            grant(org, create_user("Sec", "sec@bench.test", "bench-password"), Role.SECRETARY, None)
            rows = [
                bulk.NewMember(
                    {
                        "number": f"{n:05d}",
                        "given_names": "Ana",
                        "surnames": f"Ruiz {n}",
                        "sex": Sex.FEMALE,
                        "joined_on": date(2015, 1, 1),
                    }
                )
                for n in range(1, args.members + 1)
            ]
            bulk.insert_members(org, rows, "bench", None)
            assembly = services.create_assembly(
                org, "ordinary", "Bench", datetime.now(UTC) - timedelta(minutes=1), "X", None
            )
            services.add_item(org, assembly, "Informe", "information", None)
            item = services.add_item(org, assembly, "Cuentas", "decision", None)
            services.convene(org, assembly, date.today() - timedelta(days=20), ["radio"], "", None)
            db.session.commit()
            base = f"/o/bench/assemblies/{assembly.id}/attendance"
            ids = org.id, assembly.id, item.id
            if url.startswith("postgresql"):
                # As autovacuum would have by the assembly's day: plans from real statistics.
                with db.engine.connect() as conn:
                    conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
        client = app.test_client()
        client.post("/login", data={"email": "sec@bench.test", "password": "bench-password"})

        numbers = " ".join(f"{n:05d}" for n in range(1, SHEET + 1))
        start = time.perf_counter()
        response = client.post(f"{base}/paper", data={"numbers": numbers, "time": "09:30"})
        sheet = time.perf_counter() - start
        assert response.status_code == 302, response.status_code
        print(f"paper sheet of {SHEET} numbers: {sheet:.2f} s (one request)")

        timings, sizes = [], []
        for n in range(SHEET + 1, SHEET + DOOR + 1):
            start = time.perf_counter()
            response = client.post(base, data={"number": f"{n:05d}"})
            page = client.get(response.location)
            timings.append(time.perf_counter() - start)
            sizes.append(len(page.data))
            assert response.status_code == 302 and page.status_code == 200
        statements: list[str] = []
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        with app.app_context():
            sa.event.listen(db.engine, "before_cursor_execute", listener)
        client.post(base, data={"number": f"{SHEET + DOOR + 1:05d}"})
        with app.app_context():
            sa.event.remove(db.engine, "before_cursor_execute", listener)
        print(
            f"{DOOR} check-ins at the door with {SHEET}-{SHEET + DOOR} present on "
            f"{url.split(':')[0]}: median {statistics.median(timings) * 1000:.0f} ms, p95 "
            f"{sorted(timings)[int(len(timings) * 0.95)] * 1000:.0f} ms (POST and the page it "
            f"leads to); door page {statistics.median(sizes) / 1024:.1f} KB; one check-in POST: "
            f"{len(statements)} statements"
        )

        with app.app_context():
            org = db.session.get(Organization, ids[0])
            assembly = db.session.get(Assembly, ids[1])
            open_session(org, assembly, None)
            spec = VoteSpec(channels=(Channel.PAPER,))
            vote = open_vote(org, assembly, db.session.get(AgendaItem, ids[2]), None, spec)
            db.session.commit()
            present = " ".join(f"{n:05d}" for n in range(1, SHEET + DOOR + 2))
            start = time.perf_counter()
            ticked = record_paper_voters(org, vote, present, None)
            db.session.commit()
            print(
                f"{ticked} members ticked off as having voted on paper, in one list: "
                f"{time.perf_counter() - start:.2f} s"
            )


if __name__ == "__main__":
    main()
