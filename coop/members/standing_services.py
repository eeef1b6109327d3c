"""Recording a member's good standing: dues paid up to a date, or a decision of the board."""

from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.members.models import GoodStandingPeriod, Member
from coop.members.standing_rules import StandingBasis, StandingPeriod, period_problem

PROBLEMS = {
    "standing_before_join": lambda: _("The period cannot start before the member joined."),
    "standing_ends_before_start": lambda: _("The period cannot end before it starts."),
}


def record_standing(
    org: Organization,
    member: Member,
    period: StandingPeriod,
    reference: str,
    actor_id: int | None,
) -> GoodStandingPeriod:
    """Add a period of good standing (or of its absence) to the member's record."""
    if period.basis not in (StandingBasis.DUES, StandingBasis.DECISION):
        raise DomainError(_("Record dues paid or a decision of the board."))
    if period.basis == StandingBasis.DUES and (
        period.ends_on is None or not period.in_good_standing
    ):
        raise DomainError(_("Give the date the dues are paid up to."))
    problem = period_problem(period, member.joined_on)
    if problem:
        raise DomainError(PROBLEMS[problem]())
    if period.starts_on > org.today():
        raise DomainError(_("The date is in the future: record a change once it has happened."))
    row = GoodStandingPeriod(
        organization_id=org.id,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        in_good_standing=period.in_good_standing,
        basis=period.basis,
        reference=reference.strip()[:200],
        recorded_by_id=actor_id,
    )
    member.standing.append(row)
    record(
        org,
        actor_id,
        "member.standing_recorded",
        member,
        basis=period.basis.value,
        in_good_standing=period.in_good_standing,
        starts_on=period.starts_on.isoformat(),
        ends_on=period.ends_on.isoformat() if period.ends_on else "",
        reference=row.reference,
    )
    return row
