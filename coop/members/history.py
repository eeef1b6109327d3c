"""A member's status history, which is only ever added to: admissions, changes, corrections.

A past date that turns out wrong is not rewritten: a new entry gives the right date and
names the entry it corrects, which stays in the history but is no longer in force.
"""

from datetime import date
from typing import Any

from coop.audit.services import record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.members.models import Member, MemberStatusChange
from coop.members.rules import MemberStatus, admission_of, first_later_change, in_force


def entry_values(
    org: Organization,
    status: MemberStatus,
    effective_on: date,
    reason: str,
    actor_id: int | None,
    **extra: Any,
) -> dict[str, Any]:
    """The columns of a new history entry, for the ORM and for bulk inserts alike."""
    return {
        "organization_id": org.id,
        "status": status,
        "effective_on": effective_on,
        "reason": reason,
        "decision": "",
        "date_unknown": False,
        "corrects_id": None,
        "recorded_by_id": actor_id,
        "recorded_at": utcnow(),
        **extra,
    }


def admission_entry(
    org: Organization, clean: dict[str, Any], reason: str, actor_id: int | None
) -> dict[str, Any]:
    """The first entry of a member's history: active from the join date."""
    return entry_values(
        org,
        MemberStatus.ACTIVE,
        clean["joined_on"],
        reason,
        actor_id,
        decision=clean.get("admission_decision") or "",
    )


def join_correction(
    org: Organization,
    corrected: int,
    joined_on: date,
    reason: str,
    actor_id: int | None,
) -> dict[str, Any]:
    """An entry that moves the admission to a corrected join date, naming the entry it corrects."""
    return entry_values(
        org, MemberStatus.ACTIVE, joined_on, reason, actor_id, corrects_id=corrected
    )


def check_join_date(member: Member, joined_on: date) -> int:
    """The admission entry a new join date corrects; refused when a later change of status
    would come before it."""
    db.session.flush()  # entries need their ids to be told apart
    entries = member.entries
    later = first_later_change(entries)
    if later is not None and joined_on > later:
        raise DomainError(
            _(
                "The join date cannot come after a later change of status (%(date)s).",
                date=later.isoformat(),
            )
        )
    admission = admission_of(entries)
    if admission is None:  # a member always has one; refuse rather than guess
        raise DomainError(_("This member has no admission in the history."))
    return admission.id


def correct_join_date(
    org: Organization, member: Member, joined_on: date, actor_id: int | None
) -> MemberStatusChange:
    """Add the entry that records a corrected join date; the earlier admission stays."""
    corrected = check_join_date(member, joined_on)
    entry = MemberStatusChange(
        **join_correction(
            org,
            corrected,
            joined_on,
            _("Join date corrected (was %(date)s)", date=member.joined_on.isoformat()),
            actor_id,
        )
    )
    member.history.append(entry)
    return entry


def complete_status_date(
    org: Organization,
    member: Member,
    entry_id: int,
    effective_on: date,
    decision: str,
    actor_id: int | None,
) -> MemberStatusChange:
    """Give the date a status entry was recorded without: a new entry correcting it."""
    entry = next((c for c in member.history if c.id == entry_id), None)
    if entry is None or not entry.date_unknown or entry.id in member.corrected_ids:
        raise DomainError(_("This entry has no date to complete."))
    if effective_on < member.joined_on:
        raise DomainError(_("The date is before the member joined."))
    earlier = [e.effective_on for e in in_force(member.entries) if e.id < entry.id]
    if earlier and effective_on < max(earlier):
        raise DomainError(
            _(
                "The date cannot come before the previous change of status (%(date)s).",
                date=max(earlier).isoformat(),
            )
        )
    if effective_on > entry.effective_on:
        raise DomainError(
            _(
                "The date cannot be after the day the status was recorded (%(date)s).",
                date=entry.effective_on.isoformat(),
            )
        )
    completed = MemberStatusChange(
        **entry_values(
            org,
            entry.status,
            effective_on,
            entry.reason,
            actor_id,
            decision=decision.strip() or entry.decision,
            corrects_id=entry.id,
        )
    )
    member.history.append(completed)
    record(
        org,
        actor_id,
        "member.status_dated",
        member,
        status=entry.status.value,
        effective_on=effective_on.isoformat(),
        corrects=entry.id,
    )
    return completed
