from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.assemblies.rules import quorum, quorum_required

fractions = st.fractions(min_value=Fraction(1, 100), max_value=1)


@pytest.mark.parametrize(
    ("eligible", "fraction", "required"),
    [
        (60, Fraction(1, 2), 30),
        (61, Fraction(1, 2), 31),
        (60, Fraction(2, 3), 40),
        (10, Fraction(2, 3), 7),
        (0, Fraction(1, 2), 1),
        (1, Fraction(1, 1), 1),
    ],
)
def test_required_is_the_fraction_rounded_up(eligible, fraction, required):
    assert quorum_required(eligible, fraction) == required


@given(eligible=st.integers(0, 100_000), fraction=fractions)
def test_required_is_the_smallest_count_meeting_the_fraction(eligible, fraction):
    required = quorum_required(eligible, fraction)
    assert required >= 1
    assert required >= eligible * fraction
    if required > 1:
        assert required - 1 < eligible * fraction


@given(eligible=st.integers(0, 10_000), present=st.integers(0, 10_000), fraction=fractions)
def test_reached_exactly_when_present_meets_required(eligible, present, fraction):
    panel = quorum(present, eligible, fraction)
    assert panel.reached == (present >= panel.required)
    assert panel.missing == (0 if panel.reached else panel.required - present)


@pytest.mark.parametrize("fraction", [Fraction(0), Fraction(3, 2), Fraction(-1, 2)])
def test_fraction_outside_zero_to_one_is_refused(fraction):
    with pytest.raises(ValueError):
        quorum_required(10, fraction)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        quorum(-1, 10, Fraction(1, 2))
    with pytest.raises(ValueError):
        quorum_required(-1, Fraction(1, 2))
