"""Building the certifier's ZIP export of an organization's governance record."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import selectinload

from coop.assemblies.attendance import BookLine, book_lines
from coop.assemblies.models import Assembly, Proxy
from coop.assemblies.proxies import proxies_of
from coop.assemblies.roll import quorum_panel
from coop.assemblies.services import statutes_for
from coop.audit.models import AuditEvent
from coop.core.csvfiles import write_csv
from coop.core.db import utcnow
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members import exporting
from coop.minutes import services as minutes_services
from coop.minutes.integrity import integrity_record
from coop.minutes.models import Minutes
from coop.minutes.services import approved_minutes
from coop.statutes.models import Statute
from coop.voting.abstentions import abstentions_by_item
from coop.voting.results import VoteResult, results_of


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def members_csv(org: Organization) -> bytes:
    """The member register as CSV, in the layout the register's import reads."""
    return exporting.to_csv(exporting.register_members(org))


@dataclass(frozen=True)
class AssemblyRecords:
    """What the files of many assemblies are written from, read in a fixed few queries."""

    statutes: dict[int, Statute]
    books: dict[int, list[BookLine]]
    proxies: dict[int, list[Proxy]]
    votes: dict[int, list[VoteResult]]
    minutes: dict[int, Minutes]

    @classmethod
    def load(cls, org: Organization, assemblies: list[Assembly]) -> "AssemblyRecords":
        """The records of these assemblies of `org`."""
        ids = [assembly.id for assembly in assemblies]
        return cls(
            statutes_for(org, assemblies),
            book_lines(ids),
            proxies_of(ids),
            results_of(ids),
            approved_minutes(org, ids),
        )


def assembly_files(
    org: Organization, assembly: Assembly, records: AssemblyRecords
) -> dict[str, bytes]:
    """The files of one assembly: record, attendance, proxies, votes and, once approved, the
    minutes as HTML and PDF (the PDF stored with them) and minutes.json: their number, hashes,
    signatures and whether the stored text still matches them."""
    files = {
        "assembly.json": _json(assembly_record(org, assembly, records.statutes[assembly.id])),
        "attendance.csv": attendance_csv(records.books[assembly.id]),
        "proxies.csv": proxies_csv(records.proxies[assembly.id]),
        "votes.csv": votes_csv(records.votes[assembly.id]),
    }
    minutes = records.minutes.get(assembly.id)
    if minutes is not None:
        files["minutes.html"] = (minutes.locked_html or "").encode()
        files["minutes.pdf"] = minutes_services.pdf(org, minutes, minutes.locked_locale or "")
        files["minutes.json"] = _json(integrity_record(minutes))
    return files


def assembly_record(org: Organization, assembly: Assembly, statute: Statute) -> dict[str, Any]:
    """The assembly as the record keeps it: notice, statute version, calls, quorum, agenda."""
    quorum = quorum_panel(org, assembly)  # the figures frozen at the close, once closed
    marks = abstentions_by_item(assembly)
    return {
        "id": assembly.id,
        "kind": assembly.kind.value,
        "title": assembly.title,
        "starts_at": assembly.starts_at.isoformat(),
        "place": assembly.place,
        "status": assembly.status.value,
        "notice": {
            "given_on": assembly.notice_given_on,
            "channels": assembly.notice_channels,
            "notes": assembly.notice_details,
            "verdict": assembly.notice_verdict,
            "means_missing": assembly.notice_means_missing,
        },
        "statute": {
            "version_id": statute.id,
            "effective_from": statute.effective_from,
            "preset": statute.preset,
            "source": statute.source,
            "rules": statute.rules_json,
        },
        "call_times": assembly.call_times,
        "calls_without_quorum": assembly.failed_calls,
        "opened": {
            "call": assembly.current_call,
            "at": assembly.opened_at,
            "figures": assembly.opening_figures,
        },
        "quorum": {
            "call": quorum.call,
            "eligible": quorum.eligible,
            "present": quorum.present,
            "represented": quorum.represented,
            "required": quorum.required,
            "reached": quorum.reached,
        },
        "cancelled_reason": assembly.cancelled_reason or None,
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "kind": item.kind.value,
                "decision_kind": item.decision_kind.value,
                "added_in_session": item.added_in_session,
                "abstaining_by_law": [
                    {
                        "member_number": m.member.number,
                        "member_name": m.member.full_name,
                        "marked_at": m.marked_at.isoformat(),
                        "marked_by_id": m.marked_by_id,
                    }
                    for m in marks.get(item.id, [])
                ],
            }
            for item in assembly.items
        ],
    }


def attendance_csv(book: list[BookLine]) -> bytes:
    """The attendance book: who arrived when, who left, and from the door or the paper sheet."""
    return write_csv(
        ("member_number", "given_names", "surnames", "arrived_at", "departed_at", "source"),
        [
            [
                line.number,
                line.given_names,
                line.surnames,
                line.arrived_at.isoformat(),
                line.departed_at.isoformat() if line.departed_at else "",
                line.source,
            ]
            for line in book
        ],
    )


def proxies_csv(proxies: list[Proxy]) -> bytes:
    """The proxies: who carried whose vote, and under which written proxy."""
    return write_csv(
        ("holder_number", "holder_name", "represented_number", "represented_name", "document"),
        [
            [p.holder.number, p.holder.full_name, p.represented.number, p.represented.full_name]
            + [p.document]
            for p in proxies
        ],
    )


VOTE_COLUMNS = (
    "position",
    "agenda_item",
    "decision_kind",
    "kind",
    "channels",
    "secret",
    "option_key",
    "option",
    "votes",
    "elected",
    "blank",
    "spoiled",
    "outcome",
    "majority_rule",
    "present_at_vote",
    "represented_at_vote",
    "eligible_at_vote",
    "quorum_required",
    "abstained_by_law",
    "closed_at",
)


def votes_csv(results: list[VoteResult]) -> bytes:
    """One row per option of each vote: its votes, with the vote's outcome, the rule applied
    and the quorum at that moment repeated on each row, so that a spreadsheet can filter."""
    rows = []
    for result in results:
        for option in result.counts:
            rows.append(
                [result.item_position, result.item_title, result.decision_kind, result.kind]
                + [" ".join(result.channels), "yes" if result.secret else "no"]
                + [option.key, option.label, option.count, "yes" if option.elected else ""]
                + [result.blank, result.spoiled, result.outcome or "", result.majority_rule]
                + [result.present, result.represented, result.eligible, result.quorum_required]
                + [result.abstained_by_law]
                + [result.closed_at.isoformat() if result.closed_at else ""]
            )
    return write_csv(VOTE_COLUMNS, rows)


def audit_json(org: Organization) -> bytes:
    """The organization's audit trail, with each event's chained hash."""
    # In chain order; events still unsealed (ballots of a vote still open) come last.
    events = db.session.scalars(
        scoped(AuditEvent, org).order_by(AuditEvent.seq.is_(None), AuditEvent.seq, AuditEvent.id)
    )
    return _json(
        [
            {
                "id": e.id,
                "seq": e.seq,
                "organization_id": e.organization_id,
                "created_at": e.created_at.isoformat(),
                "actor_id": e.actor_id,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "data": e.data,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in events
        ]
    )


def build_export(org: Organization, locale: str) -> bytes:
    """The whole ZIP: every file, a manifest of their SHA-256, and a SHA256SUMS file."""
    files: dict[str, bytes] = {"members.csv": members_csv(org), "audit_trail.json": audit_json(org)}
    assemblies = list(
        db.session.scalars(
            scoped(Assembly, org)
            .order_by(Assembly.starts_at, Assembly.id)
            .options(selectinload(Assembly.items))
        )
    )
    records = AssemblyRecords.load(org, assemblies)
    for assembly in assemblies:
        folder = f"assemblies/{assembly.starts_at:%Y-%m-%d}-{assembly.id}"
        for name, content in assembly_files(org, assembly, records).items():
            files[f"{folder}/{name}"] = content
    listing = [
        {"path": path, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        for path, content in sorted(files.items())
    ]
    manifest = {
        "organization": {"slug": org.slug, "name": org.name, "country": org.country},
        "generated_at": utcnow().isoformat(),
        "files": listing,
    }
    sums = "".join(f"{entry['sha256']}  {entry['path']}\n" for entry in listing)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in sorted(files.items()):
            archive.writestr(path, content)
        archive.writestr("manifest.json", _json(manifest))
        archive.writestr("SHA256SUMS", sums)
    return buffer.getvalue()
