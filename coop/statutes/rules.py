"""Quorum, notice and majority rules of a statute, decided on plain values.

No Flask, no session, no models: every function takes numbers and rule values and returns
numbers or verdicts, so the presets and every edge can be tested in microseconds.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date


class Eligibility(enum.StrEnum):
    ACTIVE = "active"  # every active member
    GOOD_STANDING = "good_standing"  # active and up to date with their obligations


class EligibleOn(enum.StrEnum):
    """The day on which the roll of members entitled to vote is drawn."""

    NOTICE = "notice"  # the date the notice is given
    ASSEMBLY_DAY = "assembly_day"  # the day the assembly meets


class DecisionKind(enum.StrEnum):
    ORDINARY = "ordinary"
    ELECTION = "election"
    STATUTE_CHANGE = "statute_change"
    MERGER = "merger"  # merger, incorporation or split
    DISSOLUTION = "dissolution"
    CHANGE_OF_OBJECT = "change_of_object"  # a substantial change of the cooperative's object
    CHANGE_OF_LIABILITY = "change_of_liability"  # of the members' liability
    ACCOUNTS = "accounts"  # the accounts, fees and matters of the board's own management


# The business an assembly may add to its own agenda, where its statute lets it: never a
# decision that needs a qualified majority or an extraordinary assembly.
ORDINARY_BUSINESS = frozenset({DecisionKind.ORDINARY, DecisionKind.ELECTION})


class AgendaAdditions(enum.StrEnum):
    """Whether an assembly in session may add items to its published agenda."""

    NEVER = "never"  # decisions outside the published agenda would be void
    BY_VOTE = "by_vote"  # ordinary business, by the assembly's own vote


class NoticeChannel(enum.StrEnum):
    OFFICE = "office"  # posted where members usually go
    RADIO = "radio"
    MESSAGING = "messaging"
    NEWSPAPER = "newspaper"
    LETTER = "letter"  # a circular or note to each member
    OTHER = "other"


class Basis(enum.StrEnum):
    VOTES_CAST = "votes_cast"  # yes and no; abstentions count for neither
    PRESENT = "present"  # members present or represented when the vote is taken
    MEMBERS = "members"  # every member entitled to vote in the assembly


class TieBreak(enum.StrEnum):
    RUNOFF = "runoff"  # a new vote among the tied options or candidates
    LOT = "lot"  # drawn in the assembly; the draw is recorded


class Position(enum.StrEnum):
    BOARD = "board"
    OVERSIGHT = "oversight"
    DELEGATE = "delegate"


class Outcome(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    TIED = "tied"
    NO_VOTES = "no_votes"


@dataclass(frozen=True)
class Share:
    """A fraction of a base; `more_than` means strictly more ("half plus one")."""

    numerator: int
    denominator: int
    more_than: bool = False

    def __post_init__(self) -> None:
        if self.denominator <= 0 or not 0 < self.numerator <= self.denominator:
            raise ValueError("a share is a fraction above 0 and at most 1")

    def required(self, base: int) -> int:
        """The smallest count that satisfies the share of `base`."""
        if base < 0:
            raise ValueError("the base must not be negative")
        if self.more_than:
            return base * self.numerator // self.denominator + 1
        return -(-base * self.numerator // self.denominator)

    def __str__(self) -> str:
        return f"{'>' if self.more_than else ''}{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class CallRule:
    """One call of an assembly: the quorum it needs, and how long after the previous call."""

    share: Share | None = None
    min_count: int | None = None
    minutes_after_previous: int = 0


@dataclass(frozen=True)
class MajorityRule:
    share: Share
    basis: Basis

    def __str__(self) -> str:
        return f"{self.share} {self.basis.value}"


SIMPLE_MAJORITY = MajorityRule(Share(1, 2, more_than=True), Basis.VOTES_CAST)


@dataclass(frozen=True)
class DecisionQuorum:
    """Members present or represented that a kind of decision needs: a share of those
    entitled to vote, and in an assembly of members never more than `at_most`."""

    share: Share
    at_most: int | None = None

    def required(self, eligible: int, delegates: bool = False) -> int:
        """The count needed among `eligible`; a delegate assembly takes the share alone."""
        needed = self.share.required(eligible)
        if self.at_most is not None and not delegates:
            return min(needed, self.at_most)
        return needed


@dataclass(frozen=True)
class StatuteRules:
    """Everything a statute says about how an assembly is convened, constituted and decides."""

    notice_min_days: int
    notice_max_days: int | None
    calls: tuple[CallRule, ...]
    majorities: dict[DecisionKind, MajorityRule] = field(default_factory=dict)
    # Some decisions need more members in the room than opening the session did.
    decision_quorums: dict[DecisionKind, DecisionQuorum] = field(default_factory=dict)
    eligibility: Eligibility = Eligibility.ACTIVE
    eligible_on: EligibleOn = EligibleOn.ASSEMBLY_DAY
    # Every one of these means must carry the notice; empty: any one will do.
    notice_channels_required: frozenset[NoticeChannel] = frozenset()
    # Decisions that only an extraordinary assembly takes (never an ordinary one).
    extraordinary_only: frozenset[DecisionKind] = frozenset()
    agenda_additions: AgendaAdditions = AgendaAdditions.BY_VOTE
    # An extraordinary assembly decides only what its notice names.
    extraordinary_notice_only: bool = False
    # Once open, the session keeps its quorum while this many remain (None: its call's quorum).
    quorum_kept: CallRule | None = None
    # A delegate assembly's quorum, a share of the delegates in one call (None: the calls).
    delegate_quorum: Share | None = None
    proxies_per_holder: int = 0  # 0: no proxies
    proxy_document_required: bool = True
    delegates_per_members: int | None = None  # None: no delegate assemblies
    board_size: int = 5
    board_term_years: int = 2
    oversight_size: int = 3
    oversight_term_years: int = 1
    # How a tie in an election or a choice is settled.
    tie_break: TieBreak = TieBreak.RUNOFF
    # Board and oversight members present do not vote on the accounts and matters of their
    # own management (Brazil, art. 44 §1): counted out of those items' basis.
    officers_abstain_on_accounts: bool = False
    # A member employed by the cooperative neither votes nor stands for election until the
    # accounts of the year the job ended are approved (Brazil, art. 31).
    employees_vote_after_accounts: bool = False
    # Consecutive terms a member may serve in a position (None: no limit).
    board_max_terms: int | None = None
    oversight_max_terms: int | None = None

    def term_years(self, position: "Position") -> int:
        """How long a term in `position` lasts; a delegate serves for one year."""
        return {
            Position.BOARD: self.board_term_years,
            Position.OVERSIGHT: self.oversight_term_years,
        }.get(position, 1)

    def max_terms(self, position: "Position") -> int | None:
        """Consecutive terms allowed in `position` (None: no limit)."""
        return {
            Position.BOARD: self.board_max_terms,
            Position.OVERSIGHT: self.oversight_max_terms,
        }.get(position)

    def majority(self, kind: DecisionKind) -> MajorityRule:
        """The rule for a kind of decision; ordinary decisions when the statute is silent."""
        return (
            self.majorities.get(kind)
            or self.majorities.get(DecisionKind.ORDINARY)
            or (SIMPLE_MAJORITY)
        )

    def for_assembly(self, delegates: bool) -> "StatuteRules":
        """The rules as they apply to an assembly of members, or of delegates: these meet in
        one call at the delegate quorum where the statute sets one, and the cap on a
        decision's quorum counts members, never delegates."""
        if not delegates:
            return self
        changes: dict[str, object] = {
            "decision_quorums": {
                kind: replace(q, at_most=None) for kind, q in self.decision_quorums.items()
            }
        }
        if self.delegate_quorum is not None:
            changes["calls"] = (CallRule(share=self.delegate_quorum),)
            changes["quorum_kept"] = None
        return replace(self, **changes)  # type: ignore[arg-type]


def check_rules(rules: StatuteRules) -> list[str]:
    """Codes of what makes a set of rules unusable; empty when it is sound."""
    problems = []
    if rules.notice_min_days < 0:
        problems.append("notice_negative")
    if rules.notice_max_days is not None and rules.notice_max_days < rules.notice_min_days:
        problems.append("notice_max_below_min")
    if not 1 <= len(rules.calls) <= 3:
        problems.append("calls_count")
    for number, call in enumerate(rules.calls, start=1):
        if call.min_count is not None and call.min_count < 1:
            problems.append("call_min_count")
        if number > 1 and call.minutes_after_previous < 0:
            problems.append("call_minutes")
    if rules.proxies_per_holder < 0:
        problems.append("proxies_negative")
    if rules.quorum_kept is not None and (
        rules.quorum_kept.min_count is not None and rules.quorum_kept.min_count < 1
    ):
        problems.append("call_min_count")
    if any(q.at_most is not None and q.at_most < 1 for q in rules.decision_quorums.values()):
        problems.append("decision_quorum_at_most")
    if DecisionKind.ORDINARY in rules.extraordinary_only:
        problems.append("ordinary_extraordinary_only")
    return problems


def call_required(call: CallRule, eligible: int) -> int:
    """Members needed to open at this call: every condition it sets, and at least one."""
    needed = [1]
    if call.share is not None:
        needed.append(call.share.required(eligible))
    if call.min_count is not None:
        needed.append(call.min_count)
    return max(needed)


@dataclass(frozen=True)
class Quorum:
    """The quorum panel's figures at one moment."""

    present: int
    represented: int
    eligible: int
    required: int
    call: int
    # In session, where the statute says so: the fewest that keep the quorum once formed.
    kept: int | None = None

    @property
    def counted(self) -> int:
        return self.present + self.represented

    @property
    def reached(self) -> bool:
        return self.counted >= self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.counted)

    @property
    def holding(self) -> int:
        """The count the assembly needs now to decide: the kept minimum once in session."""
        return self.required if self.kept is None else self.kept

    @property
    def holds(self) -> bool:
        """Whether the assembly may decide now."""
        return self.counted >= self.holding


def quorum(
    rules: StatuteRules,
    call: int,
    present: int,
    represented: int,
    eligible: int,
    in_session: bool = False,
) -> Quorum:
    """The quorum at call number `call` (1-based) for these counts; in session, also the
    fewest that keep it, never more than the call asked."""
    if min(present, represented, eligible) < 0:
        raise ValueError("counts must not be negative")
    if not 1 <= call <= len(rules.calls):
        raise ValueError("the statute has no such call")
    required = call_required(rules.calls[call - 1], eligible)
    kept = None
    if in_session and rules.quorum_kept is not None:
        kept = min(required, call_required(rules.quorum_kept, eligible))
    return Quorum(present, represented, eligible, required, call, kept)


class NoticeVerdict(enum.StrEnum):
    IN_TIME = "in_time"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


def notice_verdict(rules: StatuteRules, notice_on: date, assembly_on: date) -> NoticeVerdict:
    """Whether the days between notice and assembly are within the statute's limits."""
    days = (assembly_on - notice_on).days
    if days < rules.notice_min_days:
        return NoticeVerdict.TOO_SHORT
    if rules.notice_max_days is not None and days > rules.notice_max_days:
        return NoticeVerdict.TOO_LONG
    return NoticeVerdict.IN_TIME


def notice_means_missing(rules: StatuteRules, channels: Iterable[str]) -> list[NoticeChannel]:
    """The means of notice the statute requires that the notice did not use."""
    used = set(channels)
    return [c for c in NoticeChannel if c in rules.notice_channels_required and c not in used]


def decide(
    yes: int, no: int, abstain: int, rule: MajorityRule, present: int, members: int
) -> Outcome:
    """The outcome of a vote under `rule`, given who was present and who could vote."""
    if min(yes, no, abstain, present, members) < 0:
        raise ValueError("counts must not be negative")
    base = {Basis.VOTES_CAST: yes + no, Basis.PRESENT: present, Basis.MEMBERS: members}[rule.basis]
    if yes + no == 0 or base == 0:
        return Outcome.NO_VOTES
    if yes >= rule.share.required(base):
        return Outcome.APPROVED
    if rule.basis == Basis.VOTES_CAST and yes == no:
        return Outcome.TIED
    return Outcome.REJECTED


def decision_quorum_required(rules: StatuteRules, kind: DecisionKind, eligible: int) -> int:
    """Members present or represented that this kind of decision needs (0: no extra quorum)."""
    quorum = rules.decision_quorums.get(kind)
    return quorum.required(eligible) if quorum is not None else 0


class AgendaRefusal(enum.StrEnum):
    """Why an item cannot go on an assembly's agenda."""

    EXTRAORDINARY_ONLY = "extraordinary_only"  # an ordinary assembly cannot take it
    NEVER = "never"  # the statute allows nothing outside the published agenda
    NOTICE_ONLY = "notice_only"  # an extraordinary assembly decides only what its notice names
    NOT_ORDINARY_BUSINESS = "not_ordinary_business"  # weighty decisions need their own notice


def agenda_refusal(
    rules: StatuteRules,
    kind: DecisionKind,
    *,
    ordinary_assembly: bool,
    extraordinary_assembly: bool,
    in_session: bool,
) -> AgendaRefusal | None:
    """Why an item of `kind` may not be added to this assembly's agenda now, or None."""
    if ordinary_assembly and kind in rules.extraordinary_only:
        return AgendaRefusal.EXTRAORDINARY_ONLY
    if not in_session:
        return None
    if rules.agenda_additions == AgendaAdditions.NEVER:
        return AgendaRefusal.NEVER
    if extraordinary_assembly and rules.extraordinary_notice_only:
        return AgendaRefusal.NOTICE_ONLY
    if kind not in ORDINARY_BUSINESS:
        return AgendaRefusal.NOT_ORDINARY_BUSINESS
    return None


def delegates_per_section(members_by_section: dict[str, int], per_members: int) -> dict[str, int]:
    """Delegates each section elects: one per `per_members` members, rounded up, at least one."""
    if per_members < 1:
        raise ValueError("one delegate represents at least one member")
    return {
        section: max(1, -(-count // per_members))
        for section, count in members_by_section.items()
        if count > 0
    }
