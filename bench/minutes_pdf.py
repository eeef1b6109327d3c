"""The minutes' PDF of a large assembly: 500 members present, 20 votes, a paragraph of
discussion on every item. Budget: at most 2 s.

Run: .venv/bin/python bench/minutes_pdf.py [--members N] [--database URL]
Builds the closed assembly on a fresh database (attendance and votes written in bulk), then
renders the draft minutes as a PDF a few times, and approves them once (the text drafted,
frozen, hashed and rendered as the PDF that is stored), printing wall and CPU seconds of
each: the machine may be shared, and the CPU time says what the work itself costs.
"""

import statistics
import subprocess
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import g
from fresh import arguments, fresh_app

from coop.assemblies import services
from coop.assemblies.models import AssemblyStatus, Attendance, Voter
from coop.core.extensions import db
from coop.members import bulk
from coop.members.rules import Sex
from coop.minutes import services as minutes
from coop.minutes.models import Minutes, MinutesSigner
from coop.statutes.founding import found_organization
from coop.voting.models import Vote, VoteMethod, VoteStatus

PRESENT = 500
VOTES = 20
RUNS = 5
NOTE = (
    "Tras la presentación del consejo de administración se abrió la palabra. Varios socios "
    "preguntaron por los costos del acopio y por el calendario de pagos; el tesorero respondió "
    "con las cifras del ejercicio y se acordó publicar el detalle en la oficina. "
) * 2


def build(org, member_ids: list[int]) -> Minutes:
    """A closed assembly with its attendance, roll, show-of-hands results and draft minutes."""
    when = datetime(2026, 3, 15, 15, tzinfo=UTC)
    assembly = services.create_assembly(
        org, "ordinary", "Asamblea General Ordinaria", when, "Sede", None
    )
    items = [
        services.add_item(org, assembly, f"Punto {k + 1}: propuesta del consejo", "decision", None)
        for k in range(VOTES)
    ]
    services.convene(org, assembly, when.date() - timedelta(days=20), ["radio"], "", None)
    db.session.flush()
    present = member_ids[:PRESENT]
    common = {"organization_id": org.id, "assembly_id": assembly.id}
    db.session.execute(
        sa.insert(Attendance),
        [{**common, "member_id": m, "arrived_at": when, "source": "door"} for m in present],
    )
    db.session.execute(sa.insert(Voter), [{**common, "member_id": m} for m in member_ids])
    db.session.execute(
        sa.insert(Vote),
        [
            {
                "organization_id": org.id,
                "agenda_item_id": item.id,
                "method": VoteMethod.SHOW_OF_HANDS,
                "status": VoteStatus.CLOSED,
                "yes": PRESENT - 60,
                "no": 40,
                "abstain": 20,
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
    assembly.opening_figures = {
        "present": PRESENT,
        "represented": 0,
        "eligible": len(member_ids),
        "required": len(member_ids) // 2 + 1,
    }
    assembly.eligible_count, assembly.present_count = len(member_ids), PRESENT
    assembly.represented_count, assembly.quorum_required = 0, len(member_ids) // 2 + 1
    record = Minutes(
        organization_id=org.id,
        assembly_id=assembly.id,
        opening="Se abrió la sesión con el himno de la cooperativa.",
        notes={str(item.id): NOTE for item in items},
        closing="Sin más asuntos que tratar, se levantó la sesión.",
    )
    record.signers = [
        MinutesSigner(organization_id=org.id, slot=slot, member_id=member_id)
        for slot, member_id in zip(("president", "secretary"), present, strict=False)
    ]
    db.session.add(record)
    db.session.commit()
    return record


def timed(action) -> tuple[float, float, object]:
    started, cpu = time.perf_counter(), time.process_time()
    value = action()
    return time.perf_counter() - started, time.process_time() - cpu, value


def _pages(content: bytes) -> str:
    """The PDF's number of pages, as qpdf counts them ("?" without qpdf)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        try:
            out = subprocess.run(["qpdf", "--show-npages", handle.name], capture_output=True)
        except FileNotFoundError:
            return "?"
    return out.stdout.decode().strip() or "?"


def main() -> None:
    args = arguments(600)
    with fresh_app(args.database) as (app, url), app.app_context():
        org = found_organization("bench", "Bench", "MX", "America/Mexico_City", "es")
        g.org = org  # times are written where the organization is
        rows = [
            bulk.NewMember(
                {
                    "number": f"{n:05d}",
                    "given_names": "Ana María",
                    "surnames": f"Ruiz Hernández {n}",
                    "sex": Sex.FEMALE,
                    "joined_on": date(2010, 1, 1),
                }
            )
            for n in range(1, args.members + 1)
        ]
        member_ids = bulk.insert_members(org, rows, "bench", None)
        record = build(org, member_ids)
        minutes.render_pdf(org, record, "es")  # templates compiled, fonts loaded: not timed
        runs = []
        for _ in range(RUNS):
            db.session.expire_all()
            runs.append(timed(lambda: minutes.render_pdf(org, record, "es")))
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        pages = _pages(runs[-1][2])
        wall, cpu, _ = timed(
            lambda: minutes.approve(org, record, None, at=record.assembly.closed_at)
        )
        db.session.commit()
        size = len(record.locked_pdf or b"")
        print(
            f"minutes PDF on {url.split(':')[0]} ({PRESENT} present, {VOTES} votes, "
            f"{args.members} members): median {statistics.median(walls):.2f} s wall, "
            f"{statistics.median(cpus):.2f} s CPU (best {min(walls):.2f} s, worst "
            f"{max(walls):.2f} s, {RUNS} runs); approval (text frozen, PDF stored) "
            f"{wall:.2f} s wall, {cpu:.2f} s CPU; {size / 1000:.0f} kB, {pages} pages; "
            f"budget 2 s"
        )


if __name__ == "__main__":
    main()
