"""Recording a member's employment by the cooperative: a period added, then its end and the
approval of that year's accounts, each recorded once."""

from datetime import date

from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.members.employment_rules import Employment, employment_problem
from coop.members.models import EmploymentPeriod, Member

PROBLEMS = {
    "employment_before_join": lambda: _("The employment cannot start before the member joined."),
    "employment_start_in_future": lambda: _(
        "The employment starts in the future: record it once it has begun."
    ),
    "employment_ends_before_start": lambda: _("The employment cannot end before it starts."),
    "employment_end_in_future": lambda: _(
        "The end is in the future: record it once the job has ended."
    ),
    "employment_overlap": lambda: _("This period overlaps another employment of the member."),
    "approval_without_end": lambda: _(
        "Record the end of the employment before the approval of that year's accounts."
    ),
    "approval_before_year_end": lambda: _(
        "The accounts of a year are approved after it ends: give a date after 31 December of "
        "the year the job ended."
    ),
    "approval_in_future": lambda: _(
        "The approval is in the future: record it once the accounts are approved."
    ),
}


def _check(
    org: Organization, member: Member, row: EmploymentPeriod | None, new: Employment
) -> None:
    others = [p.period for p in member.employment if p is not row]
    problem = employment_problem(new, member.joined_on, org.today(), others)
    if problem:
        raise DomainError(PROBLEMS[problem]())


def record_employment(
    org: Organization,
    member: Member,
    period: Employment,
    position: str,
    actor_id: int | None,
) -> EmploymentPeriod:
    """Add a period of employment by the cooperative to the member's record."""
    _check(org, member, None, period)
    row = EmploymentPeriod(
        organization_id=org.id,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        position=position.strip()[:120],
        accounts_approved_on=period.accounts_approved_on,
        recorded_by_id=actor_id,
    )
    member.employment.append(row)
    record(
        org,
        actor_id,
        "member.employment_recorded",
        member,
        starts_on=period.starts_on.isoformat(),
        ends_on=_iso(period.ends_on),
        accounts_approved_on=_iso(period.accounts_approved_on),
        position=row.position,
    )
    return row


def complete_employment(
    org: Organization,
    member: Member,
    row: EmploymentPeriod,
    ends_on: date | None,
    accounts_approved_on: date | None,
    actor_id: int | None,
) -> EmploymentPeriod:
    """Record the end of an employment, or the approval of the accounts of the year it ended
    (given outside coop): each once, never rewritten."""
    if row.member_id != member.id:
        raise DomainError(_("This period is not on the member's record."))
    if ends_on is None and accounts_approved_on is None:
        raise DomainError(
            _("Give the end of the employment or the date the accounts were approved.")
        )
    if ends_on is not None and row.ends_on is not None:
        raise DomainError(_("The end of this employment is already recorded."))
    if accounts_approved_on is not None and row.accounts_approved_on is not None:
        raise DomainError(_("The approval of these accounts is already recorded."))
    new = Employment(
        row.starts_on, ends_on or row.ends_on, accounts_approved_on or row.accounts_approved_on
    )
    _check(org, member, row, new)
    row.ends_on, row.accounts_approved_on = new.ends_on, new.accounts_approved_on
    record(
        org,
        actor_id,
        "member.employment_completed",
        member,
        period_id=row.id,
        starts_on=row.starts_on.isoformat(),
        ends_on=_iso(ends_on),
        accounts_approved_on=_iso(accounts_approved_on),
    )
    return row


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
