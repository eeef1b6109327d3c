"""Opening and closing votes: what is put to the vote, through which channels, and the
result under the statute's rule with the quorum at that moment."""

from dataclasses import dataclass, replace

import sqlalchemy as sa
from flask_babel import format_number
from sqlalchemy.orm import selectinload

from coop.assemblies.models import AgendaItem, Assembly
from coop.assemblies.roll import absent_voter_in, quorum_panel
from coop.assemblies.services import assembly_day, lock_assembly, rules_for
from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _, force_org_locale
from coop.core.labels import label
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.services import member_by_number
from coop.statutes.rules import Outcome, Position, Quorum, decision_quorum_required
from coop.voting import counts as tallies
from coop.voting import elections, rules
from coop.voting.abstentions import CountedOut, counted_out
from coop.voting.models import Vote, VoteOption, VoteStatus, figures_of
from coop.voting.rules import Channel, ElectionMethod, VoteKind

# A motion's options, with the signs and colours a member who reads little recognizes
# (pictograms are drawn by templates/_macros/icons.html, colours are coop.css's).
MOTION_OPTIONS = (
    (rules.Choice.YES, "yes", "green"),
    (rules.Choice.NO, "no", "red"),
    (rules.Choice.ABSTAIN, "abstain", "neutral"),
)
# Given in turn to the options of a choice or an election when the secretary names none.
PICTOGRAMS = ("circle", "square", "triangle", "star", "diamond", "heart")
COLOURS = ("blue", "orange", "purple", "brown", "green", "red", "neutral")
MAX_OPTIONS = 30


@dataclass(frozen=True)
class OptionSpec:
    """An option as the secretary writes it: a text, or a candidate, with a sign and colour."""

    label: str = ""
    member: Member | None = None
    pictogram: str = ""
    colour: str = ""


@dataclass(frozen=True)
class VoteSpec:
    """What is put to the vote and how."""

    kind: VoteKind = VoteKind.MOTION
    question: str = ""
    options: tuple[OptionSpec, ...] = ()
    channels: tuple[Channel, ...] = (Channel.ELECTRONIC,)
    secret: bool = False
    seats: int = 1
    method: ElectionMethod = ElectionMethod.PLURALITY
    position: Position | None = None
    follows: Vote | None = None


def vote_spec(
    org: Organization,
    kind: str,
    question: str,
    lines: str,
    channels: list[str],
    secret: bool,
    seats: int | None,
    method: str | None,
    position: str | None,
) -> VoteSpec:
    """A vote as the secretary's form describes it: options one per line, candidates by
    their member numbers."""
    vote_kind = VoteKind(kind)
    options: tuple[OptionSpec, ...] = ()
    if vote_kind != VoteKind.MOTION:
        options = tuple(
            _option_line(org, vote_kind, line)
            for line in [line.strip() for line in lines.splitlines() if line.strip()]
        )[: MAX_OPTIONS + 1]
    return VoteSpec(
        kind=vote_kind,
        question=question,
        options=options,
        channels=tuple(Channel(c) for c in channels if c in set(Channel)),
        secret=secret,
        seats=seats or 1,
        method=ElectionMethod(method)
        if method in set(ElectionMethod)
        else ElectionMethod.PLURALITY,
        position=Position(position) if position in set(Position) else None,
    )


def _option_line(org: Organization, kind: VoteKind, line: str) -> OptionSpec:
    """An option as the secretary writes it on one line: its words (or, in an election, the
    candidate's member number), then optionally a pictogram and a colour: "Solar | star |
    green"."""
    text, *look = [part.strip() for part in line.split("|")]
    pictogram = next((p for p in look if p in PICTOGRAMS), "")
    colour = next((c for c in look if c in COLOURS), "")
    unknown = [part for part in look if part and part not in PICTOGRAMS + COLOURS]
    if unknown:
        raise DomainError(_("Unknown pictogram or colour: %(word)s.", word=unknown[0][:30]))
    if kind == VoteKind.ELECTION:
        return OptionSpec(
            member=member_by_number(org, text[:20]), pictogram=pictogram, colour=colour
        )
    return OptionSpec(label=text[:200], pictogram=pictogram, colour=colour)


def ensure_in_session(assembly: Assembly) -> None:
    """Hold the assembly and refuse unless it is in session."""
    lock_assembly(assembly)
    if not assembly.is_in_session:
        raise DomainError(_("Votes are taken only while the assembly is in session."))


def open_vote(
    org: Organization,
    assembly: Assembly,
    item: AgendaItem,
    actor_id: int | None,
    spec: VoteSpec | None = None,
) -> Vote:
    """Put `item` to a vote: a motion on the phones unless `spec` says otherwise."""
    spec = spec or VoteSpec()
    ensure_in_session(assembly)
    if not item.is_voted:
        raise DomainError(_("This agenda item is for information only: there is nothing to vote."))
    _ensure_channels(spec)
    if _open_votes_on(item):
        # One vote at a time on an item: an amendment, then the motion, then a run-off.
        raise DomainError(_("A vote on this agenda item is still open: close it first."))
    elections.mark_officers_on_accounts(org, assembly, item, actor_id)
    vote = Vote(
        organization_id=org.id,
        agenda_item_id=item.id,
        kind=spec.kind,
        question=(spec.question.strip() or item.title)[:300],
        secret=spec.secret and Channel.SHOW_OF_HANDS not in spec.channels,
        channels=[channel.value for channel in spec.channels],
        seats=spec.seats,
        election_method=spec.method if spec.kind == VoteKind.ELECTION else None,
        position=spec.position,
        follows_id=spec.follows.id if spec.follows else None,
        status=VoteStatus.OPEN,
    )
    _add_options(org, assembly, vote, spec)
    vote.max_choices = rules.most_choices(spec.kind, len(vote.options), spec.seats, spec.method)
    db.session.add(vote)
    record(
        org,
        actor_id,
        "vote.opened",
        vote,
        agenda_item_id=item.id,
        kind=vote.kind.value,
        channels=vote.channels,
        secret=vote.secret,
        options=[o.label for o in vote.options],
        follows=vote.follows_id,
    )
    return vote


def _open_votes_on(item: AgendaItem) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Vote)
            .where(Vote.agenda_item_id == item.id, Vote.status == VoteStatus.OPEN)
        )
        or 0
    )


def _ensure_channels(spec: VoteSpec) -> None:
    channels = set(spec.channels)
    if not channels:
        raise DomainError(_("Choose how members vote: on their phones, on paper, or by hands."))
    if Channel.SHOW_OF_HANDS in channels and len(channels) > 1:
        # Hands raised cannot be told apart from ballots cast: nobody could be sure that no
        # one was counted twice.
        raise DomainError(_("A show of hands is not mixed with phones or paper."))
    if spec.secret and Channel.SHOW_OF_HANDS in channels:
        raise DomainError(_("A show of hands is never secret: choose phones or paper."))
    if not 1 <= spec.seats <= MAX_OPTIONS:
        raise DomainError(_("The number of seats must be between 1 and 30."))


def _add_options(org: Organization, assembly: Assembly, vote: Vote, spec: VoteSpec) -> None:
    if spec.kind == VoteKind.MOTION:
        with force_org_locale(org):  # the option's words in the record's language
            for position, (choice, sign, colour) in enumerate(MOTION_OPTIONS, start=1):
                vote.options.append(
                    VoteOption(
                        organization_id=org.id,
                        position=position,
                        key=choice.value,
                        label=label(choice),
                        pictogram=sign,
                        colour=colour,
                    )
                )
        return
    options = [o for o in spec.options if o.label.strip() or o.member is not None]
    if len(options) < 2 and spec.kind == VoteKind.CHOICE:
        raise DomainError(_("A choice needs at least two options."))
    if not options:
        raise DomainError(_("An election needs at least one candidate."))
    if len(options) > MAX_OPTIONS:
        raise DomainError(_("A vote has at most 30 options."))
    if spec.kind == VoteKind.ELECTION:
        elections.check_candidates(org, assembly, spec.position, [o.member for o in options])
    labels = [(o.member.full_name if o.member else o.label.strip())[:200] for o in options]
    if len(set(labels)) != len(labels):
        raise DomainError(_("Two options have the same name."))
    for position, (option, text) in enumerate(zip(options, labels, strict=True), start=1):
        vote.options.append(
            VoteOption(
                organization_id=org.id,
                position=position,
                label=text,
                member_id=option.member.id if option.member else None,
                pictogram=option.pictogram or PICTOGRAMS[(position - 1) % len(PICTOGRAMS)],
                colour=option.colour or COLOURS[(position - 1) % len(COLOURS)],
            )
        )


def record_show_of_hands(
    org: Organization,
    assembly: Assembly,
    item: AgendaItem,
    counts: rules.Tally,
    actor_id: int | None,
) -> Vote:
    """A motion decided by a show of hands: the counts entered, the vote closed at once."""
    vote = open_vote(org, assembly, item, actor_id, VoteSpec(channels=(Channel.SHOW_OF_HANDS,)))
    db.session.flush()
    options = {option.key: option.id for option in vote.options}
    tallies.enter_counts(
        org,
        vote,
        Channel.SHOW_OF_HANDS,
        rules.Counts(
            {
                options["yes"]: counts.yes,
                options["no"]: counts.no,
                options["abstain"]: counts.abstain,
            }
        ),
        actor_id,
    )
    close_vote(org, assembly, vote, actor_id)
    return vote


def close_vote(org: Organization, assembly: Assembly, vote: Vote, actor_id: int | None) -> None:
    """Close a vote: count every channel, apply the statute's majority, keep both, and for an
    election seat the officers (a tie waits for the statute's way of settling it)."""
    ensure_in_session(assembly)
    db.session.execute(sa.select(Vote.id).where(Vote.id == vote.id).with_for_update())
    db.session.refresh(vote)
    if not vote.is_open:
        raise DomainError(_("This vote is already closed."))
    panel = quorum_panel(org, assembly)
    out = counted_out(org, assembly, vote.agenda_item)
    counted = tallies.tally(org, vote, panel, out)
    _decide(org, assembly, vote, counted, panel, out)
    if vote.secret:
        tallies.shuffle_ballots(vote)
    record(org, actor_id, "vote.closed", vote, **figures_of(vote))
    if vote.kind == VoteKind.ELECTION and vote.outcome in (Outcome.APPROVED, Outcome.TIED):
        elections.seat_officers(org, assembly, vote, assembly_day(org, assembly), actor_id)


def open_runoff(org: Organization, assembly: Assembly, vote: Vote, actor_id: int | None) -> Vote:
    """Settle a tie the statute's way of a run-off: a new vote on the same item among the
    tied options, taken the same way, for the places still open."""
    tied = elections.mark_runoff(org, assembly, vote, actor_id)
    options = [o for o in vote.options if o.id in tied]
    places = vote.seats - sum(1 for o in vote.options if o.elected)
    spec = VoteSpec(
        kind=vote.kind,
        question=vote.question,
        options=tuple(OptionSpec(o.label, o.member, o.pictogram, o.colour) for o in options),
        channels=tuple(Channel(c) for c in vote.channels),
        secret=vote.secret,
        seats=max(1, places) if vote.kind == VoteKind.ELECTION else 1,
        method=vote.election_method or ElectionMethod.PLURALITY,
        position=vote.position,
        follows=vote,
    )
    return open_vote(org, assembly, vote.agenda_item, actor_id, spec)


def _decide(
    org: Organization,
    assembly: Assembly,
    vote: Vote,
    counted: rules.Counts,
    panel: Quorum,
    out: CountedOut,
) -> None:
    """Store the totals with the outcome under the statute's rule and the quorum now; members
    who abstain by law on the item are out of its basis."""
    _ensure_quorum(panel)
    statute = rules_for(org, assembly)
    kind = vote.agenda_item.decision_kind
    needed = decision_quorum_required(statute, kind, panel.eligible)
    if panel.counted < needed:
        raise DomainError(
            _(
                "This decision needs %(needed)s members present or represented; %(counted)s are.",
                needed=format_number(needed),
                counted=format_number(panel.counted),
            )
        )
    rule = statute.majority(kind)
    present, members = panel.counted - out.in_room, panel.eligible - out.entitled
    by_id = {option.id: option for option in vote.options}
    for option in vote.options:
        option.total, option.elected = counted.options.get(option.id, 0), False
    vote.blank, vote.spoiled = counted.blank, counted.spoiled
    if vote.kind == VoteKind.MOTION:
        totals = {option.key: option.total or 0 for option in vote.options}
        motion = rules.Tally(totals["yes"], totals["no"], totals["abstain"] + counted.blank)
        outcome = rules.outcome(motion, rule, present, members)
    elif vote.kind == VoteKind.CHOICE:
        choice = rules.choose(counted.options, counted.blank, rule, present, members)
        outcome = choice.outcome
        if choice.chosen is not None:
            by_id[choice.chosen].elected = True  # type: ignore[index]
    else:
        result = rules.elect(counted.options, vote.seats)
        outcome = result.outcome
        for option_id in result.elected:
            by_id[option_id].elected = True  # type: ignore[index]
        rule = None  # an election is decided by the most votes, not by a majority
    figures = {
        "present": panel.present,
        "represented": panel.represented,
        "eligible": panel.eligible,
        # The quorum kept with the result is the one the decision needed: the kept minimum
        # once the statute lets members leave without breaking it.
        "required": replace(panel, required=panel.holding).required,
    }
    vote.close(outcome, str(rule) if rule else f"seats:{vote.seats}", figures)
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


def votes_by_item(assembly: Assembly) -> dict[int, list[Vote]]:
    """The votes of an assembly with their options, by agenda item id, in the order taken."""
    votes = db.session.scalars(
        sa.select(Vote)
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .where(AgendaItem.assembly_id == assembly.id)
        .order_by(Vote.id)
        .options(selectinload(Vote.options))
    )
    found: dict[int, list[Vote]] = {}
    for vote in votes:
        found.setdefault(vote.agenda_item_id, []).append(vote)
    return found
