"""Tallies, and their outcome under a majority rule, decided on plain numbers."""

import enum
from dataclasses import dataclass

from coop.statutes.rules import MajorityRule, Outcome, decide


class Choice(enum.StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


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

    def without(self, part: "Tally") -> "Tally":
        """This tally less `part` of it (ballots that do not count)."""
        return Tally(self.yes - part.yes, self.no - part.no, self.abstain - part.abstain)


def outcome(result: Tally, rule: MajorityRule, present: int, members: int) -> Outcome:
    """The outcome of a tally under a statute's majority rule."""
    return decide(result.yes, result.no, result.abstain, rule, present, members)
