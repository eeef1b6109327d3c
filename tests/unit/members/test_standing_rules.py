from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coop.members.standing_rules import (
    StandingBasis,
    StandingPeriod,
    dues_paid_until,
    initial_periods,
    period_problem,
    standing_on,
    stated_periods,
)

DUES, DECISION = StandingBasis.DUES, StandingBasis.DECISION
JOINED, TODAY = date(2015, 1, 1), date(2026, 11, 27)


def test_dues_paid_up_to_a_date_end_on_that_date():
    periods = [StandingPeriod(date(2026, 1, 10), date(2026, 12, 31), True, DUES)]
    assert not standing_on(periods, date(2026, 1, 9))  # nothing said yet
    assert standing_on(periods, date(2026, 12, 31))
    assert not standing_on(periods, date(2027, 1, 1))


def test_the_latest_recorded_period_that_has_started_speaks():
    periods = [
        StandingPeriod(JOINED, None, True, StandingBasis.ADMISSION),
        StandingPeriod(date(2026, 3, 1), date(2026, 5, 31), False, DECISION),  # rights suspended
    ]
    assert standing_on(periods, date(2026, 2, 28))
    assert not standing_on(periods, date(2026, 4, 15))
    assert standing_on(periods, date(2026, 6, 1))  # the suspension ended
    later = [*periods, StandingPeriod(date(2026, 4, 1), None, True, DECISION)]
    assert not standing_on(later, date(2026, 3, 15)) and standing_on(later, date(2026, 4, 15))


@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.one_of(st.none(), st.integers(0, 400)), st.booleans()),
        max_size=6,
    ),
    st.integers(0, 400),
)
def test_a_day_before_any_period_is_never_in_good_standing(raw, day):
    start = date(2025, 1, 1)
    periods = [
        StandingPeriod(
            start + timedelta(s), None if e is None else start + timedelta(s + e), good, DECISION
        )
        for s, e, good in raw
    ]
    if all(p.starts_on > start + timedelta(day) for p in periods):
        assert not standing_on(periods, start + timedelta(day))
    # Adding a period that starts later never changes an earlier day.
    extra = StandingPeriod(start + timedelta(day + 1), None, True, DECISION)
    assert standing_on([*periods, extra], start + timedelta(day)) == standing_on(
        periods, start + timedelta(day)
    )


def test_a_new_member_is_in_good_standing_from_joining_unless_the_file_says_otherwise():
    assert standing_on(initial_periods(JOINED, None, None, TODAY), TODAY)
    assert not standing_on(initial_periods(JOINED, False, None, TODAY), JOINED)
    paid = initial_periods(JOINED, None, date(2026, 6, 30), TODAY)
    assert dues_paid_until(paid) == date(2026, 6, 30)
    assert standing_on(paid, date(2026, 6, 30)) and not standing_on(paid, TODAY)
    # The file says "in good standing" too: from today, in spite of the lapsed dues.
    assert standing_on(initial_periods(JOINED, True, date(2026, 6, 30), TODAY), TODAY)


def test_a_file_adds_only_what_the_register_does_not_say_yet():
    register = initial_periods(JOINED, None, date(2026, 12, 31), TODAY)
    assert stated_periods(register, True, date(2026, 12, 31), TODAY) == []
    added = stated_periods(register, None, date(2027, 12, 31), TODAY)
    assert added == [StandingPeriod(TODAY, date(2027, 12, 31), True, DUES)]
    said_no = stated_periods(register, False, None, TODAY)
    assert said_no == [StandingPeriod(TODAY, None, False, StandingBasis.IMPORTED)]
    assert not standing_on([*register, *said_no], TODAY)


def test_periods_that_cannot_be():
    assert period_problem(StandingPeriod(date(2014, 1, 1), None, True, DUES), JOINED)
    assert period_problem(
        StandingPeriod(date(2020, 1, 1), date(2019, 1, 1), True, DUES), JOINED
    ) == ("standing_ends_before_start")
    assert period_problem(StandingPeriod(JOINED, None, True, DUES), JOINED) is None
