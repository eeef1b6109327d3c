"""Time of a check-in and of the quorum panel as an assembly fills up to 500 members.

Run: .venv/bin/python bench/check_in.py [--members N] [--database URL]
Creates an organization with N members (default 600) on a fresh database, convenes an
assembly and checks 500 of them in one by one through the service the door page uses,
timing each check-in with its commit and the quorum panel after it; prints the figures at
a few points and the number of SQL statements the panel issues.
"""

import statistics
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from fresh import arguments, fresh_app

from coop.assemblies import attendance, services
from coop.extensions import db
from coop.members import bulk
from coop.members.rules import Sex
from coop.orgs.services import create_organization


def main() -> None:
    args = arguments(600)
    with fresh_app(args.database) as (app, url), app.app_context():
        org = create_organization("bench", "Bench", "MX", "America/Mexico_City", "es")
        members = [
            bulk.NewMember(
                {
                    "number": str(n),
                    "given_names": "Ana",
                    "surnames": f"Ruiz {n}",
                    "sex": Sex.FEMALE,
                    "joined_on": date(2015, 1, 1),
                }
            )
            for n in range(1, args.members + 1)
        ]
        ids = bulk.insert_members(org, members, "bench", None)
        assembly = services.create_assembly(
            org, "ordinary", "Bench", datetime.now(UTC) - timedelta(minutes=1), "X", None
        )
        services.add_item(org, assembly, "Informe", "information", None)
        services.convene(org, assembly, date.today() - timedelta(days=20), ["radio"], "", None)
        db.session.commit()
        from coop.members.models import Member

        check_ins, panels, statements = [], [], []
        counter: list[int] = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: counter.append(1))
        for n, member_id in enumerate(ids[:500], start=1):
            member = db.session.get(Member, member_id)
            start = time.perf_counter()
            attendance.check_in(org, assembly, member, None)
            db.session.commit()
            middle = time.perf_counter()
            counter.clear()
            panel = attendance.quorum_panel(org, assembly)
            statements.append(len(counter))
            end = time.perf_counter()
            check_ins.append(middle - start)
            panels.append(end - middle)
            if n in (1, 100, 250, 500):
                print(
                    f"{n:4d} present: check-in {check_ins[-1] * 1000:6.1f} ms, quorum panel "
                    f"{panels[-1] * 1000:5.1f} ms in {statements[-1]} statements; "
                    f"{panel.present}/{panel.eligible}, required {panel.required}"
                )
        print(
            f"{len(check_ins)} check-ins on {url.split(':')[0]}: "
            f"median {statistics.median(check_ins) * 1000:.1f} ms, "
            f"p95 {sorted(check_ins)[int(len(check_ins) * 0.95)] * 1000:.1f} ms; quorum panel "
            f"median "
            f"{statistics.median(panels) * 1000:.1f} ms; statements per panel: "
            f"{min(statements)}-{max(statements)}"
        )


if __name__ == "__main__":
    main()
