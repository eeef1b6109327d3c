"""The files of the certifier's export: the register, each assembly's record, attendance,
proxies, votes, results and minutes, as CSV and JSON."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from coop.assemblies.attendance import BookLine, book_lines
from coop.assemblies.models import Assembly, Proxy
from coop.assemblies.proxies import proxies_of
from coop.assemblies.roll import quorum_panel
from coop.assemblies.services import statutes_for
from coop.core.csvfiles import write_csv
from coop.core.tenancy.models import Organization
from coop.members import exporting
from coop.members.models import Member
from coop.minutes.integrity import integrity_record
from coop.minutes.models import Minutes
from coop.minutes.services import approved_minutes
from coop.statutes.models import Statute
from coop.voting.abstentions import abstentions_by_item
from coop.voting.officers import OfficerTerm
from coop.voting.results import VoteResult, results_of


def json_bytes(data: Any) -> bytes:
    """JSON as the export writes it: UTF-8, dates as ISO text; a list one item a line, which
    reads well and leaves the work to the C encoder (an indented dump is ten times slower)."""
    if isinstance(data, list):
        lines = [json.dumps(item, ensure_ascii=False, default=str) for item in data]
        return ("[\n" + ",\n".join(lines) + "\n]\n").encode()
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode() + b"\n"


def members_csv(members: list[Member]) -> bytes:
    """The member register as CSV, in the layout the register's import reads (its column
    names in the language in force: the organization's, for an export)."""
    return exporting.to_csv(members)


def members_json(members: list[Member], on: date) -> bytes:
    """The member register as JSON: each member with the status history, the good-standing
    periods (and the standing they give on `on`) and production units."""
    return json_bytes(
        [
            {
                "number": m.number,
                "given_names": m.given_names,
                "surnames": m.surnames,
                "national_id": m.national_id,
                "sex": m.sex.value,
                "birth_date": m.birth_date,
                "birth_year": m.birth_year,
                "community": m.community,
                "group": m.group_name,
                "phone": m.phone,
                "joined_on": m.joined_on,
                "admission_decision": m.admission_decision,
                "status": m.status.value,
                "in_good_standing": m.in_good_standing_on(on),
                "good_standing": [
                    {
                        "starts_on": p.starts_on,
                        "ends_on": p.ends_on,
                        "in_good_standing": p.in_good_standing,
                        "basis": p.basis.value,
                        "reference": p.reference,
                    }
                    for p in m.standing
                ],
                "history": [
                    {
                        "id": h.id,
                        "effective_on": h.effective_on,
                        "date_unknown": h.date_unknown,
                        "corrects_id": h.corrects_id,
                        "status": h.status.value,
                        "reason": h.reason,
                        "decision": h.decision,
                    }
                    for h in m.history
                ],
                "units": [
                    {
                        "product": u.product.value,
                        "total_area_ha": u.total_area_ha,
                        "product_area_ha": u.product_area_ha,
                        "hives": u.hives,
                        "certifications": u.certifications,
                        "yearly_volume_kg": u.yearly_volume_kg,
                    }
                    for u in m.units
                ],
            }
            for m in members
        ]
    )


OFFICER_COLUMNS = (
    "member_number",
    "given_names",
    "surnames",
    "sex",
    "position",
    "term_start",
    "term_end",
    "vote_id",
    "assembly_id",
)


def officer_rows(terms: list[OfficerTerm]) -> list[list[Any]]:
    """One row per term of an officer."""
    return [
        [t.number, t.given_names, t.surnames, t.sex, t.position, t.term_start.isoformat()]
        + [t.term_end.isoformat(), t.vote_id or "", t.assembly_id or ""]
        for t in terms
    ]


def officers_files(terms: list[OfficerTerm]) -> dict[str, bytes]:
    """The officers and their terms, as CSV and JSON."""
    rows = officer_rows(terms)
    return {
        "officers.csv": write_csv(OFFICER_COLUMNS, rows),
        "officers.json": json_bytes([dict(zip(OFFICER_COLUMNS, row, strict=True)) for row in rows]),
    }


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


def _pair(name: str, columns: tuple[str, ...], rows: list[list[Any]]) -> dict[str, bytes]:
    """A table as NAME.csv and NAME.json (a list of objects named by the columns)."""
    return {
        f"{name}.csv": write_csv(columns, rows),
        f"{name}.json": json_bytes([dict(zip(columns, row, strict=True)) for row in rows]),
    }


def assembly_files(
    org: Organization, assembly: Assembly, records: AssemblyRecords
) -> dict[str, bytes]:
    """The files of one assembly: its record, attendance, proxies, votes and their results as
    CSV and JSON and, once approved, the minutes as stored (HTML and the PDF of approval) with
    minutes.json: their number, hashes, signatures and whether the stored text still matches."""
    results = records.votes[assembly.id]
    files = {
        "assembly.json": json_bytes(assembly_record(org, assembly, records.statutes[assembly.id])),
        **_pair("attendance", ATTENDANCE_COLUMNS, attendance_rows(records.books[assembly.id])),
        **_pair("proxies", PROXY_COLUMNS, proxy_rows(records.proxies[assembly.id])),
        **_pair("votes", VOTE_COLUMNS, vote_rows(results)),
        **_pair("results", RESULT_COLUMNS, result_rows(results)),
    }
    minutes = records.minutes.get(assembly.id)
    if minutes is not None:
        files["minutes.json"] = json_bytes({**minutes_entry(minutes), **integrity_record(minutes)})
        files["minutes.html"] = (minutes.locked_html or "").encode()
        if minutes.locked_pdf is not None:  # minutes approved before PDFs were stored have none
            files["minutes.pdf"] = minutes.locked_pdf
    return files


def minutes_entry(minutes: Minutes) -> dict[str, Any]:
    """What the book of minutes says of one approved minutes."""
    return {
        "number": minutes.number,
        "assembly_id": minutes.assembly_id,
        "approved_at": minutes.approved_at,
        "approved_by_id": minutes.approved_by_id,
        "locale": minutes.locked_locale,
        "html_sha256": minutes.locked_sha256,
        "pdf_sha256": minutes.locked_pdf_sha256,
    }


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


ATTENDANCE_COLUMNS = (
    "member_number",
    "given_names",
    "surnames",
    "arrived_at",
    "departed_at",
    "source",
)


def attendance_rows(book: list[BookLine]) -> list[list[Any]]:
    """The attendance book: who arrived when, who left, from the door or the paper sheet."""
    return [
        [line.number, line.given_names, line.surnames, line.arrived_at.isoformat()]
        + [line.departed_at.isoformat() if line.departed_at else "", line.source]
        for line in book
    ]


PROXY_COLUMNS = (
    "holder_number",
    "holder_name",
    "represented_number",
    "represented_name",
    "document",
)


def proxy_rows(proxies: list[Proxy]) -> list[list[Any]]:
    """The proxies: who carried whose vote, under which written proxy."""
    return [
        [p.holder.number, p.holder.full_name, p.represented.number, p.represented.full_name]
        + [p.document]
        for p in proxies
    ]


VOTE_COLUMNS = (
    "vote_id",
    "position",
    "agenda_item",
    "decision_kind",
    "kind",
    "question",
    "channels",
    "secret",
    "seats",
    "blank",
    "spoiled",
    "outcome",
    "majority_rule",
    "present_at_vote",
    "represented_at_vote",
    "eligible_at_vote",
    "quorum_required",
    "abstained_by_law",
    "follows",
    "tie_break",
    "tie_note",
    "opened_at",
    "closed_at",
)


def vote_rows(results: list[VoteResult]) -> list[list[Any]]:
    """One row per vote: what was asked, how, the rule applied, the outcome and the quorum at
    that moment."""
    return [
        [r.vote_id, r.item_position, r.item_title, r.decision_kind, r.kind, r.question]
        + [" ".join(r.channels), "yes" if r.secret else "no", r.seats, r.blank, r.spoiled]
        + [r.outcome or "", r.majority_rule, r.present, r.represented, r.eligible]
        + [r.quorum_required, r.abstained_by_law, r.follows or "", r.tie_break or ""]
        + [r.tie_note, r.opened_at.isoformat(), r.closed_at.isoformat() if r.closed_at else ""]
        for r in results
    ]


RESULT_COLUMNS = ("vote_id", "position", "agenda_item", "option_key", "option", "votes", "elected")


def result_rows(results: list[VoteResult]) -> list[list[Any]]:
    """One row per option of each vote, with its votes (none shown while a vote is open)."""
    return [
        [r.vote_id, r.item_position, r.item_title, option.key, option.label, option.count]
        + ["yes" if option.elected else ""]
        for r in results
        for option in r.counts
    ]
