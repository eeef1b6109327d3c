"""Tallies and majorities, decided on plain numbers."""

import enum
from dataclasses import dataclass


class Choice(enum.StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Outcome(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    TIED = "tied"
    NO_VOTES = "no_votes"


@dataclass(frozen=True)
class Tally:
    yes: int = 0
    no: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        if min(self.yes, self.no, self.abstain) < 0:
            raise ValueError("a count must not be negative")

    @property
    def cast(self) -> int:
        """Votes cast: abstentions are not votes for or against."""
        return self.yes + self.no

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain


def tally(choices: list[Choice] | list[str]) -> Tally:
    """Count a list of choices."""
    counts = {c: 0 for c in Choice}
    for choice in choices:
        counts[Choice(choice)] += 1
    return Tally(counts[Choice.YES], counts[Choice.NO], counts[Choice.ABSTAIN])


def simple_majority(result: Tally) -> Outcome:
    """Approved when yes outnumbers no among votes cast; abstentions count for neither."""
    if result.cast == 0:
        return Outcome.NO_VOTES
    if result.yes > result.no:
        return Outcome.APPROVED
    if result.yes < result.no:
        return Outcome.REJECTED
    return Outcome.TIED
