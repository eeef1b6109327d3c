"""Whole numbers read from forms: ASCII digits within the database's integer, nothing else."""

import pytest

from coop.core.routing import DB_INT_MAX, whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0), ("007", 7), ("100000", 100000), (str(DB_INT_MAX), DB_INT_MAX)],
)
def test_ascii_digits_are_read(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["", "²", "٣٠", "1_000", "-1", "+1", " 1", "1.0", str(DB_INT_MAX + 1), "9" * 400],
)
def test_anything_else_is_none(text):
    assert whole_number(text) is None


def test_a_maximum_of_its_own():
    assert whole_number("100000", 100_000) == 100_000
    assert whole_number("100001", 100_000) is None
