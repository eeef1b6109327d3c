from datetime import date

from coop.core.dates import shift_years


def test_the_same_day_years_away():
    assert shift_years(date(2026, 11, 27), -30) == date(1996, 11, 27)
    assert shift_years(date(2020, 3, 1), 4) == date(2024, 3, 1)


def test_29_february_becomes_the_28th_in_a_year_without_one():
    assert shift_years(date(2024, 2, 29), -1) == date(2023, 2, 28)
    assert shift_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert shift_years(date(2024, 2, 29), -4) == date(2020, 2, 29)
