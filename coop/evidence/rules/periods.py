"""Periods the evidence is computed for: a financial year, or the last twelve months."""

from dataclasses import dataclass
from datetime import date, timedelta

LAST_12_MONTHS = "last-12-months"


@dataclass(frozen=True)
class YearEnd:
    """The day a financial year closes: 31 December unless the organization says otherwise."""

    month: int = 12
    day: int = 31

    def in_year(self, year: int) -> date:
        """The closing day in `year` (28 February when 29 does not exist)."""
        for day in range(self.day, 27, -1):
            try:
                return date(year, self.month, day)
            except ValueError:
                continue
        return date(year, self.month, 28)


@dataclass(frozen=True)
class Period:
    key: str  # "fy-2024" (the year it closes in) or "last-12-months"
    start: date
    end: date

    @property
    def is_financial_year(self) -> bool:
        return self.key.startswith("fy-")

    @property
    def year(self) -> int | None:
        """The year a financial year closes in."""
        return int(self.key[3:]) if self.is_financial_year else None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def financial_year(year_end: YearEnd, closing_year: int) -> Period:
    """The financial year that closes in `closing_year`."""
    end = year_end.in_year(closing_year)
    start = year_end.in_year(closing_year - 1) + timedelta(days=1)
    return Period(f"fy-{closing_year}", start, end)


def year_of(year_end: YearEnd, day: date) -> Period:
    """The financial year `day` falls in."""
    closing = year_end.in_year(day.year)
    return financial_year(year_end, day.year if day <= closing else day.year + 1)


def last_12_months(today: date) -> Period:
    """The twelve months up to today."""
    start = _year_before(today) + timedelta(days=1)
    return Period(LAST_12_MONTHS, start, today)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def periods(year_end: YearEnd, first: date, today: date) -> list[Period]:
    """The last twelve months, then every financial year from today's back to `first`'s."""
    found = [last_12_months(today)]
    current = year_of(year_end, today)
    oldest = year_of(year_end, min(first, today))
    for year in range(current.year or 0, (oldest.year or 0) - 1, -1):
        found.append(financial_year(year_end, year))
    return found


def parse(key: str, year_end: YearEnd, today: date) -> Period | None:
    """The period named by `key`, or None when the key names none."""
    if key == LAST_12_MONTHS:
        return last_12_months(today)
    year = key[3:]
    if key.startswith("fy-") and year.isascii() and year.isdigit() and 1900 < int(year) < 3000:
        return financial_year(year_end, int(key[3:]))
    return None


def years_between(year_end: YearEnd, first: date, last: date) -> list[Period]:
    """Every financial year from the one holding `first` to the one holding `last`."""
    start, end = year_of(year_end, first).year or 0, year_of(year_end, last).year or 0
    return [financial_year(year_end, year) for year in range(start, end + 1)]
