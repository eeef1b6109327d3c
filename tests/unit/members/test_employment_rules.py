"""Employment by the cooperative withholds the vote until that year's accounts are approved
(Lei 5.764/1971, art. 31), decided on plain values."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.members.employment_rules import (
    Employment,
    Withheld,
    accounts_approved,
    employment_problem,
    withheld_on,
)

JOINED, TODAY = date(2015, 1, 1), date(2026, 11, 27)


def test_a_member_still_employed_has_no_vote_and_the_year_is_not_known_yet():
    periods = [Employment(date(2024, 3, 1), None)]
    assert withheld_on(periods, date(2024, 2, 29), None) is None  # not yet employed
    assert withheld_on(periods, date(2024, 3, 1), None) == Withheld(None)
    # Even an accounts vote adopted since changes nothing while the job lasts.
    assert withheld_on(periods, date(2026, 4, 1), date(2026, 3, 20)) == Withheld(None)


def test_after_the_job_the_vote_waits_for_the_accounts_of_the_year_it_ended():
    periods = [Employment(date(2022, 3, 1), date(2024, 6, 30))]
    assert withheld_on(periods, date(2024, 6, 30), None) == Withheld(2024)  # last day: employed
    assert withheld_on(periods, date(2024, 7, 1), None) == Withheld(2024)
    # An accounts vote of 2024 itself (it approved 2023's accounts) does not count.
    assert withheld_on(periods, date(2024, 9, 1), date(2024, 3, 15)) == Withheld(2024)
    # The assembly of 2025 that adopts the accounts gives the vote back from its day on.
    assert withheld_on(periods, date(2025, 3, 14), date(2025, 3, 15)) == Withheld(2024)
    assert withheld_on(periods, date(2025, 3, 15), date(2025, 3, 15)) is None
    assert withheld_on(periods, date(2027, 1, 1), date(2025, 3, 15)) is None


def test_the_boards_record_of_an_approval_outside_coop_gives_the_vote_back():
    period = Employment(date(2019, 1, 1), date(2020, 5, 31), accounts_approved_on=date(2021, 4, 2))
    assert withheld_on([period], date(2021, 4, 1), None) == Withheld(2020)
    assert withheld_on([period], date(2021, 4, 2), None) is None
    assert accounts_approved(period, date(2021, 4, 2), None)
    assert not accounts_approved(Employment(date(2019, 1, 1), None), date(2030, 1, 1), None)


def test_of_several_periods_the_one_that_lasts_longest_speaks():
    periods = [
        Employment(date(2018, 1, 1), date(2018, 12, 31)),
        Employment(date(2021, 1, 1), date(2021, 6, 30)),
    ]
    # 2019's assembly approved 2018's accounts; 2021's are still waiting.
    assert withheld_on(periods, date(2021, 9, 1), date(2019, 4, 1)) == Withheld(2021)
    assert withheld_on(periods, date(2019, 9, 1), date(2019, 4, 1)) is None
    assert withheld_on(periods, date(2019, 9, 1), None) == Withheld(2018)
    assert withheld_on([*periods, Employment(date(2022, 1, 1), None)], TODAY, None) == Withheld(
        None
    )


@given(
    start=st.dates(date(2016, 1, 1), date(2026, 1, 1)),
    length=st.integers(0, 2000),
    day=st.dates(date(2016, 1, 1), date(2032, 12, 31)),
    approval=st.none() | st.dates(date(2016, 1, 1), date(2032, 12, 31)),
)
def test_an_accounts_vote_approves_exactly_the_years_before_its_own(start, length, day, approval):
    end = start + timedelta(days=length)
    withheld = withheld_on([Employment(start, end)], day, approval)
    if day < start:
        assert withheld is None
        return
    approved = approval is not None and approval <= day and approval.year > end.year
    assert (withheld is None) == (day > end and approved)
    if withheld is not None:
        assert withheld.year == end.year


@pytest.mark.parametrize(
    ("period", "others", "problem"),
    [
        (Employment(date(2014, 12, 31), None), [], "employment_before_join"),
        (Employment(TODAY + timedelta(days=1), None), [], "employment_start_in_future"),
        (Employment(date(2020, 5, 1), date(2020, 4, 30)), [], "employment_ends_before_start"),
        (Employment(date(2020, 5, 1), TODAY + timedelta(days=1)), [], "employment_end_in_future"),
        (
            Employment(date(2020, 5, 1), date(2021, 1, 1)),
            [Employment(date(2021, 1, 1), None)],
            "employment_overlap",
        ),
        (
            Employment(date(2020, 5, 1), None),
            [Employment(date(2018, 1, 1), date(2020, 5, 1))],
            "employment_overlap",
        ),
        (Employment(date(2020, 5, 1), None, date(2021, 3, 1)), [], "approval_without_end"),
        (
            Employment(date(2020, 5, 1), date(2020, 8, 1), date(2020, 12, 31)),
            [],
            "approval_before_year_end",
        ),
        (
            Employment(date(2020, 5, 1), date(2026, 8, 1), date(2027, 1, 5)),
            [],
            "approval_in_future",
        ),
    ],
)
def test_impossible_periods_are_named(period, others, problem):
    assert employment_problem(period, JOINED, TODAY, others) == problem


def test_sound_periods_pass():
    others = [Employment(date(2016, 1, 1), date(2017, 12, 31))]
    for period in (
        Employment(JOINED, JOINED),
        Employment(date(2018, 1, 1), None),
        Employment(date(2018, 1, 1), TODAY, None),
        Employment(date(2018, 1, 1), date(2019, 12, 31), date(2020, 1, 1)),
    ):
        assert employment_problem(period, JOINED, TODAY, others) is None, period
