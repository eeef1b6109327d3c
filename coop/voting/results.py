"""Results of votes as plain values: what minutes, books, evidence and exports read.

The layers above voting never read its tables; they read these. How a vote is taken (its
options, channels, ballots) may grow without changing what they see.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coop.assemblies.models import AgendaItem, Assembly
from coop.core.extensions import db
from coop.voting.models import Vote


@dataclass(frozen=True)
class OptionCount:
    """One option of a vote and the votes it received ("yes", "no", a candidate...)."""

    key: str  # stable: "yes", "no", "abstain", or "option-<id>"
    label: str  # as entered or as the enum value, not translated
    count: int
    elected: bool = False


@dataclass(frozen=True)
class VoteResult:
    """A vote and, once closed, its counts, outcome, rule and the quorum when it was taken."""

    vote_id: int
    assembly_id: int
    item_id: int
    item_position: int
    item_title: str
    decision_kind: str
    kind: str  # "motion", "choice" or "election"
    question: str
    secret: bool
    channels: tuple[str, ...]  # "electronic", "show_of_hands", "paper"
    is_open: bool
    counts: tuple[OptionCount, ...]
    blank: int
    spoiled: int
    outcome: str | None
    majority_rule: str
    present: int | None
    represented: int | None
    eligible: int | None
    quorum_required: int | None
    # Members present or represented counted out of this vote's basis by law.
    abstained_by_law: int
    seats: int
    position: str | None  # for an election: "board", "oversight" or "delegate"
    follows: int | None  # the vote this one follows (a run-off after a tie)
    tie_break: str | None  # how a tie was settled: "runoff" or "lot"
    tie_note: str  # for a lot: how it was drawn and by whom
    opened_at: datetime
    closed_at: datetime | None

    @property
    def votes_cast(self) -> int:
        """Votes for an option: abstentions, blank and spoiled ballots left out."""
        return sum(option.count for option in self.counts if option.key != "abstain")

    @property
    def elected(self) -> tuple[OptionCount, ...]:
        """The options chosen, or the candidates elected."""
        return tuple(option for option in self.counts if option.elected)

    def count(self, key: str) -> int:
        """The votes of one option by its key (0 if the vote has no such option)."""
        return next((option.count for option in self.counts if option.key == key), 0)


def results_of(assembly_ids: list[int]) -> dict[int, list[VoteResult]]:
    """The votes of these assemblies with their results, by assembly id, in agenda order and,
    on one item, in the order they were taken."""
    found: dict[int, list[VoteResult]] = {i: [] for i in assembly_ids}
    rows = db.session.execute(
        sa.select(Vote, AgendaItem)
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .where(AgendaItem.assembly_id.in_(assembly_ids))
        .order_by(AgendaItem.assembly_id, AgendaItem.position, Vote.id)
        .options(selectinload(Vote.options))
    )
    for vote, item in rows:
        found[item.assembly_id].append(_result(vote, item))
    return found


def results_by_item(assembly: Assembly) -> dict[int, list[VoteResult]]:
    """The votes of one assembly with their results, by agenda item id."""
    by_item: dict[int, list[VoteResult]] = {}
    for result in results_of([assembly.id])[assembly.id]:
        by_item.setdefault(result.item_id, []).append(result)
    return by_item


def _result(vote: Vote, item: AgendaItem) -> VoteResult:
    # Before a secret vote closes nobody sees how it is going: no count per option.
    hidden = vote.is_open
    counts = tuple(
        OptionCount(
            option.key or f"option-{option.id}",
            option.label,
            0 if hidden else option.total or 0,
            option.elected,
        )
        for option in vote.options
    )
    return VoteResult(
        vote_id=vote.id,
        assembly_id=item.assembly_id,
        item_id=item.id,
        item_position=item.position,
        item_title=item.title,
        decision_kind=item.decision_kind.value,
        kind=vote.kind.value,
        question=vote.question,
        secret=vote.secret,
        channels=tuple(vote.channels),
        is_open=vote.is_open,
        counts=counts,
        blank=vote.blank,
        spoiled=vote.spoiled,
        outcome=vote.outcome.value if vote.outcome else None,
        majority_rule=vote.majority_rule,
        present=vote.present_at_vote,
        represented=vote.represented_at_vote,
        eligible=vote.eligible_at_vote,
        quorum_required=vote.quorum_required,
        abstained_by_law=vote.abstained_by_law,
        seats=vote.seats,
        position=vote.position.value if vote.position else None,
        follows=vote.follows_id,
        tie_break=vote.tie_break.value if vote.tie_break else None,
        tie_note=vote.tie_note,
        opened_at=vote.opened_at,
        closed_at=vote.closed_at,
    )
