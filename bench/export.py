"""The certifier's export of a large organization: 5,000 members and 30 closed assemblies of
20 votes each, every one with its attendance and approved minutes.

Run: .venv/bin/python bench/export.py [--members N] [--database URL]
Builds the record on a fresh database (attendance and votes written in bulk, minutes
approved through the service, so each PDF is rendered once at approval), then times the
export of the ZIP and counts its statements.
"""

import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from fresh import arguments, fresh_app

from coop.assemblies import services
from coop.assemblies.models import Assembly, AssemblyStatus, Attendance
from coop.core.extensions import db
from coop.exports.services import build_export
from coop.members import bulk
from coop.members.rules import Sex
from coop.minutes import services as minutes
from coop.minutes.models import Minutes, MinutesSigner
from coop.statutes.founding import found_organization
from coop.voting.models import Vote, VoteMethod, VoteStatus

ASSEMBLIES = 30
VOTES = 20
PRESENT = 1500


def build(org, member_ids: list[int]) -> None:
    """Closed assemblies with attendance, show-of-hands results and approved minutes."""
    start = datetime(2016, 3, 14, 15, tzinfo=UTC)
    for n in range(ASSEMBLIES):
        when = start + timedelta(days=120 * n)
        assembly = services.create_assembly(
            org, "ordinary", f"Asamblea {n + 1}", when, "Sede", None
        )
        items = [
            services.add_item(org, assembly, f"Punto {k + 1}", "decision", None)
            for k in range(VOTES)
        ]
        services.convene(org, assembly, when.date() - timedelta(days=20), ["radio"], "", None)
        db.session.flush()
        present = member_ids[(n * 97) % 1000 : (n * 97) % 1000 + PRESENT]
        db.session.execute(
            sa.insert(Attendance),
            [
                {
                    "organization_id": org.id,
                    "assembly_id": assembly.id,
                    "member_id": member_id,
                    "arrived_at": when,
                    "source": "door",
                }
                for member_id in present
            ],
        )
        db.session.execute(
            sa.insert(Vote),
            [
                {
                    "organization_id": org.id,
                    "agenda_item_id": item.id,
                    "method": VoteMethod.SHOW_OF_HANDS,
                    "status": VoteStatus.CLOSED,
                    "yes": PRESENT - 100,
                    "no": 60,
                    "abstain": 40,
                    "outcome": "approved",
                    "majority_rule": ">1/2 votes_cast",
                    "present_at_vote": PRESENT,
                    "represented_at_vote": 0,
                    "eligible_at_vote": len(member_ids),
                    "quorum_required": len(member_ids) // 2 + 1,
                    "opened_at": when,
                    "closed_at": when + timedelta(hours=1),
                }
                for item in items
            ],
        )
        assembly.status, assembly.current_call = AssemblyStatus.CLOSED, 1
        assembly.opened_at, assembly.closed_at = when, when + timedelta(hours=3)
        assembly.eligible_count, assembly.present_count = len(member_ids), PRESENT
        assembly.represented_count, assembly.quorum_required = 0, len(member_ids) // 2 + 1
        record = Minutes(organization_id=org.id, assembly_id=assembly.id, notes={})
        record.signers = [
            MinutesSigner(organization_id=org.id, slot=slot, member_id=member_id)
            for slot, member_id in zip(("president", "secretary"), present, strict=False)
        ]
        db.session.add(record)
        db.session.flush()
        minutes.approve(org, record, None, at=assembly.closed_at)
        db.session.commit()


def main() -> None:
    args = arguments(5000)
    with fresh_app(args.database) as (app, url), app.app_context():
        org = found_organization("bench", "Bench", "MX", "America/Mexico_City", "es")
        rows = [
            bulk.NewMember(
                {
                    "number": f"{n:05d}",
                    "given_names": "Ana",
                    "surnames": f"Ruiz {n}",
                    "sex": Sex.FEMALE,
                    "joined_on": date(2010, 1, 1),
                },
                units=[{"product": "coffee", "total_area_ha": 3, "product_area_ha": 2}],
            )
            for n in range(1, args.members + 1)
        ]
        member_ids = bulk.insert_members(org, rows, "bench", None)
        db.session.commit()
        started = time.perf_counter()
        build(org, member_ids)
        print(f"record built in {time.perf_counter() - started:.0f} s")
        db.session.expire_all()
        statements: list[int] = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
        tracemalloc.start()
        started, cpu = time.perf_counter(), time.process_time()
        content = build_export(org, "es")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assembly_count = db.session.scalar(sa.select(sa.func.count()).select_from(Assembly))
        print(
            f"export on {url.split(':')[0]}: {seconds:.2f} s ({cpu:.2f} s of CPU in Python), "
            f"{len(statements)} statements, "
            f"{len(content) / 1e6:.1f} MB ZIP, Python peak {peak / 1e6:.0f} MB "
            f"({args.members} members, {assembly_count} assemblies of {VOTES} votes, "
            f"{PRESENT} present at each)"
        )


if __name__ == "__main__":
    main()
