"""Calendar arithmetic the record needs: the same day some years away."""

from datetime import date


def shift_years(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 28 February for a 29th in a
    year without one, the last day a person born on the 29th has not yet had a birthday
    after."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
