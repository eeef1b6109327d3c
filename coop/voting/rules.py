"""Tallies and their results, decided on plain values: motions, choices among options, and
elections to a number of seats, with ties reported rather than settled silently."""

import enum
import secrets
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from coop.statutes.rules import Basis, MajorityRule, Outcome, decide


class Choice(enum.StrEnum):
    """The options of a motion."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class VoteKind(enum.StrEnum):
    MOTION = "motion"  # yes / no / abstain
    CHOICE = "choice"  # one, or up to k, of several options
    ELECTION = "election"  # candidates for a number of seats


class Channel(enum.StrEnum):
    ELECTRONIC = "electronic"  # members on their phones while the vote is open
    PAPER = "paper"  # ballots in a box, counted by the scrutineers
    SHOW_OF_HANDS = "show_of_hands"  # counted by the secretary, never mixed with the others


class ElectionMethod(enum.StrEnum):
    PLURALITY = "plurality"  # each voter marks up to as many candidates as there are seats
    APPROVAL = "approval"  # each voter marks every candidate they approve of


@dataclass(frozen=True)
class Tally:
    """The counts of a motion."""

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
    """The outcome of a motion's tally under a statute's majority rule."""
    return decide(result.yes, result.no, result.abstain, rule, present, members)


def most_choices(kind: VoteKind, options: int, seats: int, method: ElectionMethod) -> int:
    """How many options one ballot may mark."""
    if kind == VoteKind.MOTION:
        return 1
    if kind == VoteKind.ELECTION:
        return options if method == ElectionMethod.APPROVAL else min(seats, options)
    return max(1, min(seats, options))


def check_marks(marks: Iterable[Hashable], allowed: set[Hashable], most: int) -> str | None:
    """Why a ballot's marks cannot be counted, as a code; None when they can. No mark at all
    is a blank ballot, which counts as cast but for no option."""
    chosen = list(marks)
    if len(set(chosen)) != len(chosen):
        return "repeated"
    if any(mark not in allowed for mark in chosen):
        return "unknown_option"
    if len(chosen) > most:
        return "too_many"
    return None


@dataclass(frozen=True)
class ChoiceResult:
    """The option chosen (if any), how, and which options tied at the top."""

    outcome: Outcome
    chosen: Hashable | None = None
    tied: tuple[Hashable, ...] = ()


def choose(
    counts: Mapping[Hashable, int], blank: int, rule: MajorityRule, present: int, members: int
) -> ChoiceResult:
    """A choice among options: the option with most votes is chosen if it has the statute's
    majority (of the votes cast, those present, or all members); a tie at the top is reported,
    for the statute's run-off or lot."""
    if min([blank, present, members, *counts.values()], default=0) < 0:
        raise ValueError("counts must not be negative")
    cast = sum(counts.values())
    if cast == 0:
        return ChoiceResult(Outcome.NO_VOTES)
    top = max(counts.values())
    leaders = tuple(key for key, count in counts.items() if count == top)
    if len(leaders) > 1:
        return ChoiceResult(Outcome.TIED, tied=leaders)
    base = {Basis.VOTES_CAST: cast, Basis.PRESENT: present, Basis.MEMBERS: members}[rule.basis]
    if base and top >= rule.share.required(base):
        return ChoiceResult(Outcome.APPROVED, chosen=leaders[0])
    return ChoiceResult(Outcome.REJECTED)


@dataclass(frozen=True)
class ElectionResult:
    """Candidates elected outright, and those tied for the last seats still to fill."""

    elected: tuple[Hashable, ...]
    tied: tuple[Hashable, ...] = ()
    seats_in_tie: int = 0
    unfilled: int = 0

    @property
    def outcome(self) -> Outcome:
        if self.tied:
            return Outcome.TIED
        return Outcome.APPROVED if self.elected else Outcome.NO_VOTES


def elect(counts: Mapping[Hashable, int], seats: int) -> ElectionResult:
    """The candidates with most votes fill the seats; candidates with no vote are never
    elected; candidates tied across the last seat are reported with the seats they share."""
    if seats < 1:
        raise ValueError("an election fills at least one seat")
    if min(counts.values(), default=0) < 0:
        raise ValueError("counts must not be negative")
    ranked = sorted((c for c in counts.items() if c[1] > 0), key=lambda c: -c[1])
    if len(ranked) <= seats:
        elected = tuple(key for key, _count in ranked)
        return ElectionResult(elected, unfilled=seats - len(elected))
    cut = ranked[seats - 1][1]  # the votes of the last seat
    above = tuple(key for key, count in ranked if count > cut)
    at_cut = tuple(key for key, count in ranked if count == cut)
    left = seats - len(above)
    if len(at_cut) == left:
        return ElectionResult(above + at_cut)
    return ElectionResult(above, tied=at_cut, seats_in_tie=left)


@dataclass(frozen=True)
class Counts:
    """What a vote received, channel by channel, option by option."""

    options: dict[Hashable, int] = field(default_factory=dict)
    blank: int = 0
    spoiled: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        keys = self.options.keys() | other.options.keys()
        return Counts(
            {k: self.options.get(k, 0) + other.options.get(k, 0) for k in keys},
            self.blank + other.blank,
            self.spoiled + other.spoiled,
        )

    @property
    def ballots(self) -> int:
        """Ballots or hands counted, blank and spoiled included (for the ceiling checks)."""
        return sum(self.options.values()) + self.blank + self.spoiled


# Receipt codes: no 0/O, 1/I/L, so that a voter can read theirs aloud or copy it by hand.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 10


def receipt_code() -> str:
    """A random receipt code (about 49 bits), shown once to the voter."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
