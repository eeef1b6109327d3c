"""Good standing as dated periods, decided on plain values.

Each period is a statement recorded on a day: from `starts_on`, the member is (or is not) in
good standing, up to `ends_on` when given and the opposite after it. "Dues paid up to 31
December" is a period in good standing ending that day; a board's decision suspending a
member's rights for three months is a period not in good standing that ends. On any day the
latest recorded period that has started speaks; before any has, the member is not in good
standing. Periods are added, never rewritten, so the answer for a past day stays readable.
"""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


class StandingBasis(enum.StrEnum):
    ADMISSION = "admission"  # in good standing from joining, unless told otherwise
    DUES = "dues"  # dues paid up to a date
    DECISION = "decision"  # a decision of the board
    IMPORTED = "imported"  # said so by an imported register file
    FLAG = "flag"  # the yes/no kept before periods had dates


@dataclass(frozen=True)
class StandingPeriod:
    """One period of good standing (or of its absence), in the order it was recorded."""

    starts_on: date
    ends_on: date | None
    in_good_standing: bool
    basis: StandingBasis


def standing_on(periods: Iterable[StandingPeriod], day: date) -> bool:
    """Whether the member was in good standing on `day`: the latest recorded period that had
    started by then decides; its opposite holds after its end."""
    speaking = None
    for period in periods:
        if period.starts_on <= day:
            speaking = period
    if speaking is None:
        return False
    if speaking.ends_on is None or day <= speaking.ends_on:
        return speaking.in_good_standing
    return not speaking.in_good_standing


def dues_paid_until(periods: Iterable[StandingPeriod]) -> date | None:
    """The day the latest recorded dues payment covers."""
    found = None
    for period in periods:
        if period.basis == StandingBasis.DUES:
            found = period.ends_on
    return found


def period_problem(period: StandingPeriod, joined_on: date) -> str | None:
    """Why a period cannot be recorded (a message code), or None."""
    if period.starts_on < joined_on:
        return "standing_before_join"
    if period.ends_on is not None and period.ends_on < period.starts_on:
        return "standing_ends_before_start"
    return None


def initial_periods(
    joined_on: date, in_good_standing: bool | None, paid_until: date | None, today: date
) -> list[StandingPeriod]:
    """A new member's periods: dues paid up to a date, or the file's yes or no, or in good
    standing from admission when nothing is said."""
    if paid_until is not None:
        periods = [StandingPeriod(joined_on, paid_until, True, StandingBasis.DUES)]
        return periods + stated_periods(periods, in_good_standing, None, today)
    if in_good_standing is not None:
        return [StandingPeriod(joined_on, None, in_good_standing, StandingBasis.IMPORTED)]
    return [StandingPeriod(joined_on, None, True, StandingBasis.ADMISSION)]


def stated_periods(
    periods: Sequence[StandingPeriod],
    in_good_standing: bool | None,
    paid_until: date | None,
    today: date,
) -> list[StandingPeriod]:
    """The periods to add so that the register says what a file says today: a new payment of
    dues, then the yes or no if the register would still disagree."""
    added: list[StandingPeriod] = []
    if paid_until is not None and paid_until != dues_paid_until(periods):
        added.append(StandingPeriod(today, paid_until, True, StandingBasis.DUES))
    now = standing_on([*periods, *added], today)
    if in_good_standing is not None and in_good_standing != now:
        added.append(StandingPeriod(today, None, in_good_standing, StandingBasis.IMPORTED))
    return added
