"""The facts the checks read, as plain values gathered from every domain by the loader."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coop.members.rules import UnitFacts, age_on
from coop.statutes.rules import StatuteRules


@dataclass(frozen=True)
class ItemFacts:
    id: int
    position: int
    title: str
    kind: str  # "information", "decision", "election"
    decision_kind: str
    added_in_session: bool


@dataclass(frozen=True)
class VoteFacts:
    """A vote and its stored result (from coop/voting/results.py)."""

    id: int
    item_id: int
    title: str
    decision_kind: str
    kind: str  # "motion", "choice", "election"
    is_open: bool
    counts: tuple[tuple[str, int, bool], ...]  # (key, votes, elected)
    blank: int
    spoiled: int
    outcome: str | None
    majority_rule: str
    present: int | None
    represented: int | None
    eligible: int | None
    quorum_required: int | None
    abstained_by_law: int
    seats: int
    position: str | None
    tie_break: str | None

    def count(self, key: str) -> int:
        """The votes of one option by its key."""
        return next((votes for k, votes, _e in self.counts if k == key), 0)

    @property
    def ballots(self) -> int:
        """Every vote counted: for an option, abstaining, blank or spoiled."""
        return sum(votes for _k, votes, _e in self.counts) + self.blank + self.spoiled

    @property
    def in_room(self) -> int | None:
        """Members present or represented when it was taken."""
        if self.present is None:
            return None
        return self.present + (self.represented or 0)


@dataclass(frozen=True)
class MinutesFacts:
    number: int | None
    approved: bool
    # Whether those the statute requires have signed (the minutes are locked); None where a
    # record keeps no signatures.
    signed: bool | None = None


@dataclass(frozen=True)
class AssemblyFacts:
    id: int
    kind: str  # "ordinary", "extraordinary", "delegate"
    title: str
    day: date
    status: str
    place: str
    notice_on: date | None
    channels: tuple[str, ...]
    items: tuple[ItemFacts, ...]
    rules: StatuteRules
    opened_call: int | None = None
    # The quorum figures at the opening: present, represented, eligible, required.
    opening: dict[str, Any] | None = None
    roll: int | None = None  # members on the roll frozen at the opening
    attendance: int = 0  # lines in the attendance book
    proxies: tuple[tuple[int, int], ...] = ()  # (holder, represented) member ids
    votes: tuple[VoteFacts, ...] = ()
    minutes: MinutesFacts | None = None

    @property
    def held(self) -> bool:
        """The session took place and closed."""
        return self.status == "closed"

    @property
    def convened(self) -> bool:
        return self.status not in ("draft", "cancelled")


@dataclass(frozen=True)
class StatusEntry:
    effective_on: date
    status: str
    reason: str
    decision: str
    # The register does not know the date yet: `effective_on` is the day it was recorded.
    date_unknown: bool = False


@dataclass(frozen=True)
class MemberFacts:
    id: int
    number: str
    name: str
    sex: str
    birth_date: date | None
    birth_year: int | None
    community: str
    joined_on: date
    history: tuple[StatusEntry, ...]
    units: tuple[UnitFacts, ...] = ()

    def status_on(self, day: date) -> str | None:
        """The status in force on `day`; None before the member joined."""
        found = None
        for entry in self.history:
            if entry.effective_on <= day:
                found = entry.status
        return found

    def age_on(self, day: date) -> int | None:
        return age_on(day, self.birth_date, self.birth_year)


@dataclass(frozen=True)
class OfficerFacts:
    member_id: int
    number: str
    name: str
    sex: str
    birth_date: date | None
    birth_year: int | None
    position: str  # "board", "oversight", "delegate"
    term_start: date
    term_end: date
    vote_id: int | None
    assembly_id: int | None

    def serves_on(self, day: date) -> bool:
        return self.term_start <= day <= self.term_end

    def serves_within(self, start: date, end: date) -> bool:
        return self.term_start <= end and self.term_end >= start

    def age_on(self, day: date) -> int | None:
        return age_on(day, self.birth_date, self.birth_year)


@dataclass(frozen=True)
class Profile:
    """Who was in an assembly's room: lines of the book, women, young people, unknowns."""

    total: int = 0
    women: int = 0
    young: int = 0
    sex_unknown: int = 0
    age_unknown: int = 0


@dataclass(frozen=True)
class Settings:
    """The organization's thresholds, as the checks read them."""

    year_end_month: int = 12
    year_end_day: int = 31
    ordinary_within_days: int = 180
    small_producer_percent: int = 50
    board_renewal_percent: int | None = None
    youth_max_age: int = 35


@dataclass(frozen=True)
class Record:
    """Everything the checks of one period read."""

    today: date
    settings: Settings
    assemblies: tuple[AssemblyFacts, ...]  # those of the period, and of the windows it closes
    members: tuple[MemberFacts, ...]
    officers: tuple[OfficerFacts, ...]
    statute_at_end: StatuteRules
    thresholds: dict[Any, Any] = field(default_factory=dict)
