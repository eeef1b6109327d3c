from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.members.rules import (
    AgeBand,
    ProducerSizes,
    Product,
    Threshold,
    UnitFacts,
    age_band,
    age_on,
    fold,
    is_small_producer,
)

LIMITS = {Product.COFFEE: Threshold(Decimal(15)), Product.HONEY: Threshold(None, 500)}


def test_fold_ignores_accents_and_case():
    assert fold("José NÚÑEZ Ávila") == "jose nunez avila"
    assert fold("João Conceição") == "joao conceicao"


@pytest.mark.parametrize(
    ("day", "birth", "year", "age"),
    [
        (date(2026, 3, 14), date(1980, 3, 14), None, 46),
        (date(2026, 3, 13), date(1980, 3, 14), None, 45),
        (date(2026, 1, 1), None, 1990, 36),
        (date(2026, 1, 1), None, None, None),
    ],
)
def test_age_on(day, birth, year, age):
    assert age_on(day, birth, year) == age


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, AgeBand.UNKNOWN),
        (18, AgeBand.YOUNG),
        (35, AgeBand.YOUNG),
        (36, AgeBand.ADULT),
        (60, AgeBand.ELDER),
    ],
)
def test_age_bands_use_the_organizations_youth_age(age, band):
    assert age_band(age, 35) is band


def test_small_producer_needs_every_unit_within_its_product_limit():
    small_coffee = UnitFacts(Product.COFFEE, Decimal("14.99"), None)
    big_coffee = UnitFacts(Product.COFFEE, Decimal("15.01"), None)
    hives = UnitFacts(Product.HONEY, None, 501)
    assert is_small_producer([small_coffee], LIMITS) is True
    assert is_small_producer([small_coffee, big_coffee], LIMITS) is False
    assert is_small_producer([small_coffee, hives], LIMITS) is False
    assert is_small_producer([], LIMITS) is None
    # The limit is per producer and product: two plots of 10 ha make 20.
    ten = UnitFacts(Product.COFFEE, Decimal(10), None)
    assert is_small_producer([ten, ten], LIMITS) is False
    assert is_small_producer([ten, UnitFacts(Product.HONEY, None, 500)], LIMITS) is True
    # A product without a limit never makes a member large.
    assert is_small_producer([UnitFacts(Product.BANANA, Decimal(90), None)], LIMITS) is True


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))
def test_the_share_is_of_the_members_whose_production_is_known(small, not_small, unknown):
    share = ProducerSizes(small, not_small, unknown)
    assert share.known == small + not_small
    if share.known:
        assert 0 <= share.fraction <= 1
    else:
        assert share.fraction is None
