"""Opening and closing votes, casting ballots, recording show-of-hands counts."""

from dataclasses import replace

import sqlalchemy as sa
from flask_babel import format_number
from sqlalchemy.orm import contains_eager

from coop.assemblies.models import AgendaItem, Assembly
from coop.assemblies.proxies import mark_used
from coop.assemblies.roll import absent_voter_in, may_vote_for, quorum_panel
from coop.assemblies.services import append_item, ensure_on_agenda, lock_assembly, rules_for
from coop.audit.services import append_unsealed, record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _, force_org_locale
from coop.core.tenancy.models import Organization
from coop.core.transactions import add_unique, insert_new
from coop.members.models import Member
from coop.statutes.rules import DecisionKind, Quorum, decision_quorum_required
from coop.voting import rules
from coop.voting.abstentions import CountedOut, counted_out, uncounted_ballots
from coop.voting.models import Ballot, Vote, VoteMethod, VoteStatus


def _ensure_votable(assembly: Assembly, item: AgendaItem) -> None:
    lock_assembly(assembly)
    if not assembly.is_in_session:
        raise DomainError(_("Votes are taken only while the assembly is in session."))
    if not item.is_voted:
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
    add_unique(vote, _("This agenda item has already been put to the vote."))
    record(org, actor_id, "vote.opened", vote, agenda_item_id=item.id)
    return vote


def _decide(
    org: Organization,
    assembly: Assembly,
    item: AgendaItem,
    vote: Vote,
    counts: rules.Tally,
    panel: Quorum,
    out: CountedOut | None = None,
) -> None:
    """Store the counts with the outcome under the statute's rule and the quorum now; members
    who abstain by law on the item (`out`, when already counted) are out of its basis, and so
    are their ballots."""
    _ensure_quorum(panel)
    statute = rules_for(org, assembly)
    needed = decision_quorum_required(statute, item.decision_kind, panel.eligible)
    if panel.counted < needed:
        raise DomainError(
            _(
                "This decision needs %(needed)s members present or represented; %(counted)s are.",
                needed=format_number(needed),
                counted=format_number(panel.counted),
            )
        )
    if out is None:
        out = counted_out(org, assembly, item)
    if vote.method == VoteMethod.ELECTRONIC:
        counts = counts.without(uncounted_ballots(vote, item))
    rule = statute.majority(item.decision_kind)
    basis_present, basis_members = panel.counted - out.in_room, panel.eligible - out.entitled
    outcome = rules.outcome(counts, rule, basis_present, basis_members)
    # The quorum kept with the result is the one the decision needed: the kept minimum once
    # the statute lets members leave without breaking it.
    vote.record(counts, outcome, str(rule), replace(panel, required=panel.holding))
    vote.abstained_by_law = out.in_room


def _ensure_quorum(panel: Quorum) -> None:
    # A quorum once formed must still be there when the assembly decides: the call's, or the
    # smaller one the statute lets a session keep once open.
    if not panel.holds:
        raise DomainError(
            _(
                "No quorum now: %(counted)s counted, %(required)s needed. Nothing can be decided.",
                counted=format_number(panel.counted),
                required=format_number(panel.holding),
            )
        )


def record_show_of_hands(
    org: Organization,
    assembly: Assembly,
    item: AgendaItem,
    counts: rules.Tally,
    actor_id: int | None,
) -> Vote:
    """Store the counts of a show of hands as a closed vote with its outcome."""
    _ensure_votable(assembly, item)
    panel = quorum_panel(org, assembly)
    out = counted_out(org, assembly, item)
    if out.in_room and counts.total > panel.counted - out.in_room:
        raise DomainError(
            _(
                "%(total)s votes counted, but only %(voters)s members present may vote on this "
                "item: %(out)s abstain by law.",
                total=counts.total,
                voters=panel.counted - out.in_room,
                out=out.in_room,
            )
        )
    if counts.total > panel.counted:
        raise DomainError(
            _(
                "%(total)s votes counted, but only %(present)s members are present.",
                total=format_number(counts.total),
                present=format_number(panel.counted),
            )
        )
    vote = Vote(
        organization_id=org.id,
        agenda_item_id=item.id,
        method=VoteMethod.SHOW_OF_HANDS,
        status=VoteStatus.OPEN,
    )
    db.session.add(vote)
    _decide(org, assembly, item, vote, counts, panel, out)
    record(org, actor_id, "vote.counted", vote, **_result(vote))
    return vote


def vote_for_ballot(org: Organization, assembly_id: int, vote_id: int) -> Vote | None:
    """The vote of this organization's assembly, with its item and assembly, in one query; a
    shared lock keeps it from closing while the ballot goes in (PostgreSQL), while ballots
    for it go in side by side."""
    return db.session.scalars(
        sa.select(Vote)
        .join(Vote.agenda_item)
        .join(AgendaItem.assembly)
        .where(Vote.id == vote_id, Vote.organization_id == org.id, Assembly.id == assembly_id)
        .options(contains_eager(Vote.agenda_item).contains_eager(AgendaItem.assembly))
        .with_for_update(read=True, of=Vote)
    ).one_or_none()


def cast_ballot(
    org: Organization,
    vote: Vote,
    member: Member,
    choice: str,
    on_behalf_of: int | None = None,
    actor_id: int | None = None,
    session_ref: str = "",
) -> int:
    """One ballot per member and vote, cast by the member present or their proxy holder; it
    goes into the audit trail with who cast it, for whom, and from which session."""
    assembly = vote.agenda_item.assembly
    if not vote.is_open or not assembly.is_in_session:
        raise DomainError(_("This vote is closed."))
    voter_id = on_behalf_of or member.id
    standing = may_vote_for(assembly, vote.agenda_item_id, member.id, voter_id)
    if not standing.present:
        raise DomainError(_("Check in at the assembly before voting."))
    if not standing.allowed:
        raise DomainError(_("You do not carry a proxy for this member."))
    if standing.barred:
        raise DomainError(_("By law this member does not vote on this item."))
    by_proxy = voter_id != member.id
    ballot_id = insert_new(
        Ballot,
        {
            "organization_id": org.id,
            "vote_id": vote.id,
            "member_id": voter_id,
            "proxy_holder_id": member.id if by_proxy else None,
            "choice": rules.Choice(choice),
            "cast_at": utcnow(),
        },
    )
    if ballot_id is None:
        raise DomainError(_("This ballot is already cast."))
    if by_proxy:
        mark_used(assembly, member.id, voter_id)
    data = {"vote_id": vote.id, "member_id": voter_id, "cast_by": member.id, "choice": choice}
    if session_ref:
        data["session"] = session_ref
    append_unsealed(org, actor_id, "ballot.cast", "ballot", ballot_id, data)
    return ballot_id


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
    """Close an electronic vote: count the ballots, apply the statute's majority, keep both."""
    lock_assembly(assembly)
    if not assembly.is_in_session:
        raise DomainError(_("Votes are taken only while the assembly is in session."))
    db.session.execute(sa.select(Vote.id).where(Vote.id == vote.id).with_for_update())
    db.session.refresh(vote)
    _decide(org, assembly, vote.agenda_item, vote, ballot_tally(vote), quorum_panel(org, assembly))
    record(org, actor_id, "vote.closed", vote, **_result(vote))


def _result(vote: Vote) -> dict[str, object]:
    return {
        "agenda_item_id": vote.agenda_item_id,
        "method": vote.method.value,
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
        "outcome": vote.outcome.value if vote.outcome else None,
        "majority_rule": vote.majority_rule,
        "present": vote.present_at_vote,
        "represented": vote.represented_at_vote,
        "eligible": vote.eligible_at_vote,
        "quorum_required": vote.quorum_required,
        "abstained_by_law": vote.abstained_by_law,
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


def voting_without_being_present(member: Member) -> bool:
    """Whether a vote is open in an assembly whose roll holds the member while the member is
    not in the room."""
    open_vote = (
        sa.select(Vote.id)
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .where(Vote.status == VoteStatus.OPEN, AgendaItem.assembly_id.in_(absent_voter_in(member)))
        .limit(1)
    )
    return db.session.scalar(open_vote) is not None


def votes_by_item(assembly: Assembly) -> dict[int, Vote]:
    """The votes of an assembly, keyed by agenda item id."""
    votes = db.session.scalars(
        sa.select(Vote)
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .where(AgendaItem.assembly_id == assembly.id)
    )
    return {vote.agenda_item_id: vote for vote in votes}


def ballots_of(members: list[Member], votes: list[Vote]) -> dict[tuple[int, int], str]:
    """The choice made for each of these members in each vote, keyed by (vote id, member id)."""
    if not votes or not members:
        return {}
    rows = db.session.execute(
        sa.select(Ballot.vote_id, Ballot.member_id, Ballot.choice).where(
            Ballot.member_id.in_([m.id for m in members]),
            Ballot.vote_id.in_([v.id for v in votes]),
        )
    )
    return {(vote_id, member_id): choice for vote_id, member_id, choice in rows}


def propose_item(
    org: Organization,
    assembly: Assembly,
    title: str,
    kind: str,
    decision_kind: str,
    counts: rules.Tally,
    actor_id: int | None,
) -> AgendaItem | None:
    """The assembly votes to add an item to its agenda; the motion and its vote are kept."""
    lock_assembly(assembly)
    if not assembly.is_in_session:
        raise DomainError(_("Votes are taken only while the assembly is in session."))
    # Whether anything may be added, and what, is the statute's: refused before any motion.
    ensure_on_agenda(
        rules_for(org, assembly), assembly, DecisionKind(decision_kind), in_session=True
    )
    # The motion is decided like any vote: without a quorum, nothing of it is written.
    with force_org_locale(org):
        motion_title = _("Add to the agenda: %(title)s", title=title.strip())
    motion = append_item(
        org, assembly, motion_title[:300], "decision", "ordinary", actor_id, in_session=True
    )
    db.session.flush()
    vote = record_show_of_hands(org, assembly, motion, counts, actor_id)
    if vote.outcome != rules.Outcome.APPROVED:
        return None
    return append_item(org, assembly, title, kind, decision_kind, actor_id, in_session=True)
