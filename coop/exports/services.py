"""Building the certifier's ZIP export of an organization's governance record."""

import hashlib
import io
import json
import zipfile
from typing import Any

from coop.assemblies.attendance import attendance_list
from coop.assemblies.models import Assembly
from coop.assemblies.proxies import proxy_list
from coop.assemblies.roll import quorum_panel
from coop.assemblies.services import statute_for
from coop.audit.models import AuditEvent
from coop.core.csvfiles import write_csv
from coop.core.db import utcnow
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members import exporting
from coop.minutes import services as minutes_services
from coop.minutes.models import Minutes
from coop.voting.abstentions import abstentions_by_item
from coop.voting.services import votes_by_item


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def members_csv(org: Organization) -> bytes:
    """The member register as CSV, in the layout the register's import reads."""
    return exporting.to_csv(exporting.register_members(org))


def assembly_files(org: Organization, assembly: Assembly, locale: str) -> dict[str, bytes]:
    """The files of one assembly: record, attendance, proxies, votes and, once approved, the
    minutes as HTML and PDF."""
    votes = votes_by_item(assembly)
    files = {
        "assembly.json": _json(assembly_record(org, assembly)),
        "attendance.csv": attendance_csv(assembly),
        "proxies.csv": proxies_csv(assembly),
        "votes.csv": votes_csv(assembly, votes),
    }
    minutes = db.session.scalar(scoped(Minutes, org).where(Minutes.assembly_id == assembly.id))
    if minutes is not None and minutes.is_locked:
        files["minutes.html"] = (minutes.locked_html or "").encode()
        files["minutes.pdf"] = minutes_services.pdf(org, minutes, locale)
    return files


def assembly_record(org: Organization, assembly: Assembly) -> dict[str, Any]:
    """The assembly as the record keeps it: notice, statute version, calls, quorum, agenda."""
    quorum = quorum_panel(org, assembly)
    statute = statute_for(org, assembly)
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


def attendance_csv(assembly: Assembly) -> bytes:
    """The attendance book: who arrived when, who left, and from the door or the paper sheet."""
    return write_csv(
        ("member_number", "given_names", "surnames", "arrived_at", "departed_at", "source"),
        [
            [
                a.member.number,
                a.member.given_names,
                a.member.surnames,
                a.arrived_at.isoformat(),
                a.departed_at.isoformat() if a.departed_at else "",
                a.source,
            ]
            for a in attendance_list(assembly)
        ],
    )


def proxies_csv(assembly: Assembly) -> bytes:
    """The proxies: who carried whose vote, and under which written proxy."""
    return write_csv(
        ("holder_number", "holder_name", "represented_number", "represented_name", "document"),
        [
            [p.holder.number, p.holder.full_name, p.represented.number, p.represented.full_name]
            + [p.document]
            for p in proxy_list(assembly)
        ],
    )


VOTE_COLUMNS = (
    "position",
    "agenda_item",
    "decision_kind",
    "method",
    "yes",
    "no",
    "abstain",
    "outcome",
    "majority_rule",
    "present_at_vote",
    "represented_at_vote",
    "eligible_at_vote",
    "quorum_required",
    "abstained_by_law",
    "closed_at",
)


def votes_csv(assembly: Assembly, votes: dict[int, Any]) -> bytes:
    """Each vote's counts, outcome, the rule applied and the quorum at that moment."""
    rows = []
    for item in assembly.items:
        vote = votes.get(item.id)
        if vote is None:
            continue
        rows.append(
            [item.position, item.title, item.decision_kind, vote.method, vote.yes, vote.no]
            + [vote.abstain, vote.outcome, vote.majority_rule, vote.present_at_vote]
            + [vote.represented_at_vote, vote.eligible_at_vote, vote.quorum_required]
            + [vote.abstained_by_law]
            + [vote.closed_at.isoformat() if vote.closed_at else ""]
        )
    return write_csv(VOTE_COLUMNS, rows)


def audit_json(org: Organization) -> bytes:
    """The organization's audit trail, with each event's chained hash."""
    events = db.session.scalars(scoped(AuditEvent, org).order_by(AuditEvent.id))
    return _json(
        [
            {
                "id": e.id,
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
    assemblies = db.session.scalars(scoped(Assembly, org).order_by(Assembly.starts_at, Assembly.id))
    for assembly in assemblies:
        folder = f"assemblies/{assembly.starts_at:%Y-%m-%d}-{assembly.id}"
        for name, content in assembly_files(org, assembly, locale).items():
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
