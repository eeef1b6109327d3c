"""Results of votes as plain values: what minutes, books, evidence and exports read.

The layers above voting never read its tables; they read these. How a vote is taken (its
options, channels, ballots) may grow without changing what they see.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from coop.assemblies.models import AgendaItem, Assembly
from coop.core.extensions import db
from coop.voting.models import Vote, VoteStatus


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
    opened_at: datetime
    closed_at: datetime | None

    @property
    def votes_cast(self) -> int:
        """Votes for an option: abstentions, blank and spoiled ballots left out."""
        return sum(option.count for option in self.counts if option.key != "abstain")

    def count(self, key: str) -> int:
        """The votes of one option by its key (0 if the vote has no such option)."""
        return next((option.count for option in self.counts if option.key == key), 0)


def results_of(assembly_ids: list[int]) -> dict[int, list[VoteResult]]:
    """The votes of these assemblies with their results, by assembly id, in agenda order."""
    found: dict[int, list[VoteResult]] = {i: [] for i in assembly_ids}
    rows = db.session.execute(
        sa.select(Vote, AgendaItem)
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .where(AgendaItem.assembly_id.in_(assembly_ids))
        .order_by(AgendaItem.assembly_id, AgendaItem.position, Vote.id)
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
    counts = (
        OptionCount("yes", "yes", vote.yes),
        OptionCount("no", "no", vote.no),
        OptionCount("abstain", "abstain", vote.abstain),
    )
    return VoteResult(
        vote_id=vote.id,
        assembly_id=item.assembly_id,
        item_id=item.id,
        item_position=item.position,
        item_title=item.title,
        decision_kind=item.decision_kind.value,
        kind="motion",
        secret=False,
        channels=(vote.method.value,),
        is_open=vote.status == VoteStatus.OPEN,
        counts=counts,
        blank=0,
        spoiled=0,
        outcome=vote.outcome.value if vote.outcome else None,
        majority_rule=vote.majority_rule,
        present=vote.present_at_vote,
        represented=vote.represented_at_vote,
        eligible=vote.eligible_at_vote,
        quorum_required=vote.quorum_required,
        abstained_by_law=vote.abstained_by_law,
        opened_at=vote.opened_at,
        closed_at=vote.closed_at,
    )
