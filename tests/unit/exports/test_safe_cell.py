import pytest

from coop.core.csvfiles import safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+55 11", "-2", "@SUM(A1)", '=HYPERLINK("x")'])
def test_formulas_are_neutralized(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "text"), [("José", "José"), (None, ""), (15, "15")])
def test_plain_values_are_kept(value, text):
    assert safe_cell(value) == text
