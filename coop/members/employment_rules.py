"""Employment with the cooperative and the vote, decided on plain values.

Brazil's Lei 5.764/1971, art. 31: a member who takes employment with the cooperative loses
the right to vote and to be elected until the accounts of the financial year in which they
left the job are approved. The financial year is the calendar year of the job's last day.
Those accounts count as approved once the board has recorded their approval (given outside
coop, before coop was used), or once an assembly held after that year ended adopted a vote
on the accounts.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Employment:
    """A period of employment with the cooperative; `ends_on` is the job's last day."""

    starts_on: date
    ends_on: date | None  # None: still employed
    accounts_approved_on: date | None = None


@dataclass(frozen=True)
class Withheld:
    """The vote withheld on a day, until the accounts of `year` are approved; `year` is None
    while the member is still employed with no end recorded (the year is not known yet)."""

    year: int | None


def employed_on(period: Employment, day: date) -> bool:
    """Whether the member held the job on `day`."""
    return period.starts_on <= day and (period.ends_on is None or day <= period.ends_on)


def accounts_approved(period: Employment, day: date, latest_approval: date | None) -> bool:
    """Whether, by `day`, the accounts of the year the job ended were approved: recorded by the
    board, or adopted by an assembly held after that year (`latest_approval`: the day of the
    latest assembly, on or before `day`, that adopted a vote on the accounts)."""
    if period.ends_on is None:
        return False
    if period.accounts_approved_on is not None and period.accounts_approved_on <= day:
        return True
    return (
        latest_approval is not None
        and latest_approval <= day
        and latest_approval.year > period.ends_on.year
    )


def withheld_on(
    periods: Iterable[Employment], day: date, latest_approval: date | None
) -> Withheld | None:
    """Why the member may not vote on `day` by reason of employment, or None: employed that
    day, or left in a year whose accounts were not approved by then. Of several, the one that
    lasts longest."""
    years: list[int] = []
    for period in periods:
        if period.starts_on > day:
            continue
        if period.ends_on is None:
            return Withheld(None)
        if employed_on(period, day) or not accounts_approved(period, day, latest_approval):
            years.append(period.ends_on.year)
    return Withheld(max(years)) if years else None


def employment_problem(
    period: Employment, joined_on: date, today: date, others: Iterable[Employment]
) -> str | None:
    """Why a period cannot be recorded as it stands (a message code), or None. `others` are
    the member's other periods."""
    if period.starts_on < joined_on:
        return "employment_before_join"
    if period.starts_on > today:
        return "employment_start_in_future"
    if period.ends_on is not None:
        if period.ends_on < period.starts_on:
            return "employment_ends_before_start"
        if period.ends_on > today:
            return "employment_end_in_future"
    if any(_overlap(period, other) for other in others):
        return "employment_overlap"
    approved = period.accounts_approved_on
    if approved is not None:
        if period.ends_on is None:
            return "approval_without_end"
        if approved.year <= period.ends_on.year:
            return "approval_before_year_end"
        if approved > today:
            return "approval_in_future"
    return None


def _overlap(one: Employment, other: Employment) -> bool:
    one_end, other_end = one.ends_on or date.max, other.ends_on or date.max
    return one.starts_on <= other_end and other.starts_on <= one_end
