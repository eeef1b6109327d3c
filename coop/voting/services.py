"""Opening and closing votes, casting ballots, recording show-of-hands counts."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from coop.assemblies.models import AgendaItem, Assembly, Attendance, ItemKind
from coop.assemblies.services import current_quorum
from coop.audit.services import record
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members.models import Member
from coop.members.rules import VOTING_STATUSES
from coop.orgs.models import Organization
from coop.orgs.scoping import scoped
from coop.voting import rules
from coop.voting.models import Ballot, Vote, VoteMethod, VoteStatus


def _ensure_votable(assembly: Assembly, item: AgendaItem) -> None:
    if not assembly.is_in_session:
        raise DomainError(_("Votes are taken only while the assembly is convened."))
    if item.kind != ItemKind.DECISION:
        raise DomainError(_("This agenda item is for information only: there is nothing to vote."))
    if db.session.scalar(sa.select(Vote.id).where(Vote.agenda_item_id == item.id)) is not None:
        raise DomainError(_("This agenda item has already been put to the vote."))


def open_vote(
    org: Organization, assembly: Assembly, item: AgendaItem, actor_id: int | None
) -> Vote:
    """Open an electronic vote on `item`; members cast ballots until it closes."""
    _ensure_votable(assembly, item)
    vote = Vote(
        organization_id=org.id,
        agenda_item_id=item.id,
        method=VoteMethod.ELECTRONIC,
        status=VoteStatus.OPEN,
    )
    db.session.add(vote)
    record(org, actor_id, "vote.opened", vote, agenda_item_id=item.id)
    return vote


def record_show_of_hands(
    org: Organization,
    assembly: Assembly,
    item: AgendaItem,
    counts: rules.Tally,
    actor_id: int | None,
) -> Vote:
    """Store the counts of a show of hands as a closed vote with its outcome."""
    _ensure_votable(assembly, item)
    panel = current_quorum(org, assembly)
    if counts.total > panel.present:
        raise DomainError(
            _(
                "%(total)s votes counted, but only %(present)s members are present.",
                total=counts.total,
                present=panel.present,
            )
        )
    vote = Vote(
        organization_id=org.id,
        agenda_item_id=item.id,
        method=VoteMethod.SHOW_OF_HANDS,
        status=VoteStatus.OPEN,
    )
    db.session.add(vote)
    vote.record(counts, rules.simple_majority(counts), panel.present, panel.required)
    record(org, actor_id, "vote.counted", vote, **_result(vote))
    return vote


def cast_ballot(
    org: Organization, assembly: Assembly, vote: Vote, member: Member, choice: str
) -> Ballot:
    """A member's one ballot in an open vote; a second one is refused by the database."""
    # A shared lock: ballots go in side by side, but never after the vote is closed.
    db.session.execute(sa.select(Vote.id).where(Vote.id == vote.id).with_for_update(read=True))
    db.session.refresh(vote)
    if not vote.is_open or not assembly.is_in_session:
        raise DomainError(_("This vote is closed."))
    if member.status not in VOTING_STATUSES:
        raise DomainError(_("Only active members can vote."))
    present = db.session.scalar(
        scoped(Attendance, org).where(
            Attendance.assembly_id == assembly.id, Attendance.member_id == member.id
        )
    )
    if present is None:
        raise DomainError(_("Check in at the assembly before voting."))
    ballot = Ballot(
        organization_id=org.id, vote_id=vote.id, member_id=member.id, choice=rules.Choice(choice)
    )
    try:
        with db.session.begin_nested():
            db.session.add(ballot)
    except IntegrityError:
        raise DomainError(_("You have already voted on this item.")) from None
    return ballot


def ballot_tally(vote: Vote) -> rules.Tally:
    """Count the ballots of an electronic vote in the database."""
    rows = db.session.execute(
        sa.select(Ballot.choice, sa.func.count())
        .where(Ballot.vote_id == vote.id)
        .group_by(Ballot.choice)
    ).all()
    counts = {rules.Choice(choice): n for choice, n in rows}
    return rules.Tally(
        counts.get(rules.Choice.YES, 0),
        counts.get(rules.Choice.NO, 0),
        counts.get(rules.Choice.ABSTAIN, 0),
    )


def close_vote(org: Organization, assembly: Assembly, vote: Vote, actor_id: int | None) -> None:
    """Close an electronic vote: count the ballots and store the outcome and the quorum."""
    if not assembly.is_in_session:
        raise DomainError(_("Votes are taken only while the assembly is convened."))
    db.session.execute(sa.select(Vote.id).where(Vote.id == vote.id).with_for_update())
    db.session.refresh(vote)
    counts = ballot_tally(vote)
    panel = current_quorum(org, assembly)
    vote.record(counts, rules.simple_majority(counts), panel.present, panel.required)
    record(org, actor_id, "vote.closed", vote, **_result(vote))


def _result(vote: Vote) -> dict[str, object]:
    return {
        "agenda_item_id": vote.agenda_item_id,
        "method": vote.method.value,
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
        "outcome": vote.outcome.value if vote.outcome else None,
        "present": vote.present_at_vote,
        "quorum_required": vote.quorum_required,
    }


def open_votes_count(assembly: Assembly) -> int:
    """Votes of this assembly still open."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Vote)
            .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
            .where(AgendaItem.assembly_id == assembly.id, Vote.status == VoteStatus.OPEN)
        )
        or 0
    )


def votes_by_item(assembly: Assembly) -> dict[int, Vote]:
    """The votes of an assembly, keyed by agenda item id."""
    votes = db.session.scalars(
        sa.select(Vote)
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .where(AgendaItem.assembly_id == assembly.id)
    )
    return {vote.agenda_item_id: vote for vote in votes}


def ballots_of(member: Member, votes: list[Vote]) -> dict[int, str]:
    """The choice `member` made in each of these votes, keyed by vote id."""
    if not votes:
        return {}
    rows = db.session.execute(
        sa.select(Ballot.vote_id, Ballot.choice).where(
            Ballot.member_id == member.id, Ballot.vote_id.in_([v.id for v in votes])
        )
    )
    return {vote_id: choice for vote_id, choice in rows}
