"""Elections: candidates within the statute's term limits, officers seated from the result,
and ties settled the statute's way (a run-off, or lots drawn and recorded)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from coop.assemblies.models import AgendaItem, Assembly, AssemblyStatus, ByLawAbstention
from coop.assemblies.roll import eligible_among
from coop.assemblies.services import assembly_day, rules_for
from coop.audit.services import record
from coop.core.dates import shift_years
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.employment_rules import Withheld
from coop.members.models import Member
from coop.members.queries import employment_withholding
from coop.statutes.rules import DecisionKind, Outcome, Position, StatuteRules, TieBreak
from coop.voting.models import Officer, Vote, VoteStatus
from coop.voting.rules import VoteKind


def check_candidates(
    org: Organization,
    assembly: Assembly,
    position: Position | None,
    candidates: list[Member | None],
) -> None:
    """Refuse candidates who are not members entitled to vote, or who would serve more
    consecutive terms in the position than the statute allows."""
    if position is None:
        raise DomainError(_("Say which position the election fills."))
    if any(candidate is None for candidate in candidates):
        raise DomainError(_("Each candidate is a member, named by their number."))
    members = [c for c in candidates if c is not None]
    if len({m.id for m in members}) != len(members):
        raise DomainError(_("A member stands only once in an election."))
    rules = rules_for(org, assembly)
    day = assembly_day(org, assembly)
    employed = employment_on(org, rules, day, [m.id for m in members])
    for member in members:
        if member.id in employed:
            raise DomainError(
                _(
                    "%(name)s cannot stand: %(reason)s.",
                    name=member.full_name,
                    reason=withheld_reason(employed[member.id]),
                )
            )
    entitled = eligible_among(org, assembly, [m.id for m in members])
    for member in members:
        if member.id not in entitled:
            raise DomainError(
                _("%(name)s may not vote in this assembly, so cannot stand.", name=member.full_name)
            )
    most = rules.max_terms(position)
    if most is None:
        return
    for member in members:
        if consecutive_terms(org, member, position) >= most:
            raise DomainError(
                _(
                    "%(name)s has served %(terms)s consecutive terms in this position, as many "
                    "as the statute allows.",
                    name=member.full_name,
                    terms=most,
                )
            )


def latest_accounts_approval(org: Organization, day: date) -> date | None:
    """The day of the latest closed assembly, held on or before `day`, that adopted a vote on
    the accounts: it approves the accounts of every year before its own."""
    zone = ZoneInfo(org.timezone)
    day_ends = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    held = db.session.scalar(
        sa.select(sa.func.max(Assembly.starts_at))
        .join(AgendaItem, AgendaItem.assembly_id == Assembly.id)
        .join(Vote, Vote.agenda_item_id == AgendaItem.id)
        .where(
            Assembly.organization_id == org.id,
            Assembly.status == AssemblyStatus.CLOSED,
            Assembly.starts_at < day_ends,
            AgendaItem.decision_kind == DecisionKind.ACCOUNTS,
            Vote.status == VoteStatus.CLOSED,
            Vote.outcome == Outcome.APPROVED,
        )
    )
    if held is None:
        return None
    # max() hands back the stored naive UTC on some databases, not the column's aware value.
    held = held if held.tzinfo else held.replace(tzinfo=UTC)
    return held.astimezone(zone).date()


def employment_on(
    org: Organization, rules: StatuteRules, day: date, member_ids: list[int]
) -> dict[int, Withheld]:
    """Of these members, those whose employment by the cooperative withholds their vote and
    candidacy on `day`, where the statute says so."""
    if not rules.employees_vote_after_accounts or not member_ids:
        return {}
    return employment_withholding(org, member_ids, day, latest_accounts_approval(org, day))


def withheld_reason(withheld: Withheld) -> str:
    """Why employment withholds a member's vote, in words."""
    if withheld.year is None:
        return _(
            "employed by the cooperative: no vote until the accounts of the year the job ends "
            "are approved"
        )
    return _(
        "employed by the cooperative: no vote until the accounts of %(year)s are approved",
        year=withheld.year,
    )


def consecutive_terms(org: Organization, member: Member, position: Position) -> int:
    """The member's terms in `position` that follow one another up to the latest: a gap of
    more than a year between two terms breaks the run."""
    terms = db.session.execute(
        sa.select(Officer.term_start, Officer.term_end)
        .where(
            Officer.organization_id == org.id,
            Officer.member_id == member.id,
            Officer.position == position,
        )
        .order_by(Officer.term_start.desc())
    ).all()
    count, next_start = 0, None
    for start, end in terms:
        if next_start is not None and (next_start - end).days > 366:
            break
        count, next_start = count + 1, start
    return count


def seat_officers(
    org: Organization, assembly: Assembly, vote: Vote, day: date, actor_id: int | None
) -> list[Officer]:
    """The elected candidates take their positions for the statute's term from `day` (those
    already seated by this vote stay as they are)."""
    if vote.position is None:
        return []
    sitting = set(
        db.session.scalars(sa.select(Officer.member_id).where(Officer.elected_by_id == vote.id))
    )
    years = rules_for(org, assembly).term_years(vote.position)
    seated = [
        Officer(
            organization_id=org.id,
            member_id=option.member_id,
            position=vote.position,
            term_start=day,
            term_end=shift_years(day, years) - timedelta(days=1),
            elected_by_id=vote.id,
        )
        for option in vote.options
        if option.elected and option.member_id is not None and option.member_id not in sitting
    ]
    db.session.add_all(seated)
    db.session.flush()
    for officer in seated:
        record(
            org,
            actor_id,
            "officer.elected",
            officer,
            member_id=officer.member_id,
            position=officer.position.value,
            term_start=officer.term_start.isoformat(),
            term_end=officer.term_end.isoformat(),
            vote_id=vote.id,
        )
    return seated


def tied_options(vote: Vote) -> list[int]:
    """The options tied in a closed vote whose tie is not settled yet."""
    if vote.status != VoteStatus.CLOSED or vote.outcome != Outcome.TIED or vote.tie_break:
        return []
    totals = [o.total or 0 for o in vote.options]
    if vote.kind == VoteKind.ELECTION:
        elected = sum(1 for o in vote.options if o.elected)
        ranked = sorted((t for t in totals if t > 0), reverse=True)
        cut = ranked[vote.seats - 1] if len(ranked) >= vote.seats else 0
        _ = elected
        return [o.id for o in vote.options if not o.elected and (o.total or 0) == cut and cut > 0]
    top = max(totals, default=0)
    return [o.id for o in vote.options if (o.total or 0) == top and top > 0]


def settle_by_lot(
    org: Organization,
    assembly: Assembly,
    vote: Vote,
    drawn: list[int],
    note: str,
    day: date,
    actor_id: int | None,
) -> None:
    """Record the lots drawn in the assembly among the tied: the drawn take the places that
    were tied, and the draw is kept with the result."""
    _ensure_tie(org, assembly, vote, TieBreak.LOT)
    tied = tied_options(vote)
    places = 1
    if vote.kind == VoteKind.ELECTION:
        places = vote.seats - sum(1 for option in vote.options if option.elected)
    if len(set(drawn)) != places or not set(drawn) <= set(tied):
        raise DomainError(
            _("Choose, among the tied, as many as there are places left: %(n)s.", n=places)
        )
    if not note.strip():
        raise DomainError(_("Record how the lots were drawn and who drew them."))
    for option in vote.options:
        option.elected = option.elected or option.id in drawn
    vote.tie_break, vote.tie_note, vote.outcome = TieBreak.LOT, note.strip()[:500], Outcome.APPROVED
    record(org, actor_id, "vote.tie_settled", vote, how="lot", drawn=drawn, note=vote.tie_note)
    if vote.kind == VoteKind.ELECTION:
        seat_officers(org, assembly, vote, day, actor_id)


def mark_runoff(
    org: Organization, assembly: Assembly, vote: Vote, actor_id: int | None
) -> list[int]:
    """Note that the tie goes to a run-off; the options of the run-off, the tied ones."""
    _ensure_tie(org, assembly, vote, TieBreak.RUNOFF)
    tied = tied_options(vote)
    vote.tie_break = TieBreak.RUNOFF
    record(org, actor_id, "vote.tie_settled", vote, how="runoff", among=tied)
    return tied


def _ensure_tie(org: Organization, assembly: Assembly, vote: Vote, how: TieBreak) -> None:
    if not tied_options(vote):
        raise DomainError(_("This vote has no tie to settle."))
    if rules_for(org, assembly).tie_break != how:
        raise DomainError(_("The statute settles ties another way."))


def officers_on(org: Organization, day: date, positions: tuple[Position, ...]) -> list[Officer]:
    """The officers serving on `day` in these positions."""
    return list(
        db.session.scalars(
            scoped(Officer, org).where(
                Officer.position.in_(positions),
                Officer.term_start <= day,
                Officer.term_end >= day,
            )
        )
    )


def mark_officers_on_accounts(
    org: Organization, assembly: Assembly, item: AgendaItem, actor_id: int | None
) -> int:
    """Where the statute says so, the board and oversight members serving on the assembly's
    day abstain by law on the accounts of their own management: they are marked on the item,
    as the secretary would, before it is put to the vote. How many were marked."""
    if item.decision_kind != DecisionKind.ACCOUNTS:
        return 0
    if not rules_for(org, assembly).officers_abstain_on_accounts:
        return 0
    day = assembly_day(org, assembly)
    serving = {o.member_id for o in officers_on(org, day, (Position.BOARD, Position.OVERSIGHT))}
    marked = set(
        db.session.scalars(
            sa.select(ByLawAbstention.member_id).where(ByLawAbstention.agenda_item_id == item.id)
        )
    )
    entitled = eligible_among(org, assembly, sorted(serving - marked))
    for member_id in sorted(entitled):
        entry = ByLawAbstention(organization_id=org.id, agenda_item_id=item.id, member_id=member_id)
        db.session.add(entry)
        record(
            org,
            actor_id,
            "abstention.marked",
            entry,
            assembly_id=assembly.id,
            agenda_item_id=item.id,
            member_id=member_id,
            reason="officer",
        )
    return len(entitled)
