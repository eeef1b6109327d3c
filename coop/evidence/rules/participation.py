"""Check 13 and its figures over time: members, attendees, votes cast, and women and young
people among members, attendees and officers, per financial year and per assembly."""

from dataclasses import dataclass
from datetime import date

from coop.evidence.rules.facts import MemberFacts, OfficerFacts, Profile, Record
from coop.evidence.rules.people_checks import as_of
from coop.evidence.rules.periods import Period
from coop.evidence.rules.results import Check, Status, share


@dataclass(frozen=True)
class AssemblyPoint:
    """One assembly held, as the figures over time count it."""

    id: int
    title: str
    day: date
    kind: str
    eligible: int | None
    represented: int | None
    profile: Profile
    votes: int  # votes taken
    ballots: int  # votes counted in them, blank and spoiled included


@dataclass(frozen=True)
class Group:
    """A group of people and how many of them are women and young people."""

    total: int = 0
    women: int = 0
    young: int = 0

    @property
    def women_share(self) -> float | None:
        return share(self.women, self.total)

    @property
    def young_share(self) -> float | None:
        return share(self.young, self.total)


@dataclass(frozen=True)
class YearPoint:
    period: Period
    members: Group
    attendees: Group  # lines of the attendance books of the year's assemblies
    officers: Group
    assemblies: int
    ballots: int


def members_group(members: tuple[MemberFacts, ...], day: date, youth: int) -> Group:
    """Active members on `day`."""
    active = [m for m in members if m.status_on(day) == "active"]
    return _group(active, day, youth)


def officers_group(officers: tuple[OfficerFacts, ...], day: date, youth: int) -> Group:
    """Board and oversight members serving on `day` (each person once)."""
    seen: dict[int, OfficerFacts] = {}
    for o in officers:
        if o.position in ("board", "oversight") and o.serves_on(day):
            seen.setdefault(o.member_id, o)
    return _group(list(seen.values()), day, youth)


def _group(people: list[MemberFacts] | list[OfficerFacts], day: date, youth: int) -> Group:
    ages = [p.age_on(day) for p in people]
    return Group(
        len(people),
        sum(1 for p in people if p.sex == "female"),
        sum(1 for age in ages if age is not None and age <= youth),
    )


def attendees_group(points: list[AssemblyPoint]) -> Group:
    """Every line of these assemblies' attendance books."""
    return Group(
        sum(p.profile.total for p in points),
        sum(p.profile.women for p in points),
        sum(p.profile.young for p in points),
    )


def over_time(
    record: Record, points: tuple[AssemblyPoint, ...], years: list[Period]
) -> list[YearPoint]:
    """The figures of each financial year, oldest first."""
    youth = record.settings.youth_max_age
    found = []
    for year in years:
        day = as_of(record, year)
        held = [p for p in points if p.day in year]
        found.append(
            YearPoint(
                year,
                members_group(record.members, day, youth),
                attendees_group(held),
                officers_group(record.officers, day, youth),
                len(held),
                sum(p.ballots for p in held),
            )
        )
    return found


def participation(record: Record, period: Period, points: tuple[AssemblyPoint, ...]) -> Check:
    """13. Women and young people among members, attendees and officers: the figures can be
    shown when the period has members, attendance and officers."""
    youth = record.settings.youth_max_age
    day = as_of(record, period)
    groups = {
        "members": members_group(record.members, day, youth),
        "attendees": attendees_group([p for p in points if p.day in period]),
        "officers": officers_group(record.officers, day, youth),
    }
    figures = {
        f"{name}_{part}": getattr(group, part)
        for name, group in groups.items()
        for part in ("total", "women", "young", "women_share", "young_share")
    }
    empty = [name for name, group in groups.items() if not group.total]
    if empty:
        return Check(13, "participation", Status.NO_DATA, f"no_{empty[0]}", figures)
    return Check(13, "participation", Status.MET, "figures_shown", figures)
