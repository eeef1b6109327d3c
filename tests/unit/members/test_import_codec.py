"""The plan kept between the preview and the apply reads back exactly."""

from datetime import date
from decimal import Decimal

from coop.members.import_codec import (
    BLANK_VALUES,
    plan_bytes,
    plan_from_bytes,
    summary_bytes,
    summary_from_bytes,
)
from coop.members.import_plan import DroppedColumn, Problem
from coop.members.import_preview import Kind, Planned, Preview
from coop.members.import_summary import summarize
from coop.members.rules import Correction, MemberStatus, Product, Sex
from coop.members.standing_rules import StandingBasis, StandingPeriod


def _items() -> list[Planned]:
    new = Planned(
        "00009",
        2,
        "Ana Ruiz",
        Kind.NEW,
        {
            "number": "00009",
            "given_names": "Ana",
            "surnames": "Ruiz",
            "sex": Sex.FEMALE,
            "joined_on": date(2019, 3, 14),
            "national_id": None,
        },
        status_after=MemberStatus.WITHDRAWN,
        status=MemberStatus.WITHDRAWN,
        units=[
            {
                "product": Product.COFFEE,
                "product_area_ha": Decimal("2.50"),
                "organic": True,
                "spp": False,
                "fair_trade": False,
            }
        ],
        standing=[StandingPeriod(date(2019, 3, 14), date(2027, 1, 1), True, StandingBasis.DUES)],
    )
    update = Planned(
        "0010",
        3,
        "Óscar Ibáñez",
        Kind.CONFLICT,
        {
            "number": "0010",
            "given_names": "Óscar",
            "surnames": "Ibáñez",
            "sex": Sex.MALE,
            "joined_on": date(2004, 1, 1),
            "birth_date": None,
            "birth_year": 1970,
            "national_id": "OI1",
        },
        member_id=7,
        registered_name="Rosa Díaz Cruz",
        units=[],
        corrections=[
            Correction(11, MemberStatus.ACTIVE, date(2004, 1, 1), date(1999, 1, 1), "join_date")
        ],
        changes={"surnames": ["Díaz Cruz", "Ibáñez"], "units": [[{"product": "coffee"}], []]},
    )
    refused = Planned("11", 4, "X", Kind.NEW, {}, problems=[Problem(4, "Sexo", "unknown_word")])
    return [new, update, refused]


UNIT_BLANKS = {"total_area_ha": None, "product_area_ha": None, "hives": None}
UNIT_BLANKS |= {"yearly_volume_kg": None, "organic": False, "spp": False, "fair_trade": False}


def _as_kept(item: Planned) -> Planned:
    """The item with the fields a file left out filled as the register holds them."""
    item.values = {**BLANK_VALUES, **item.values}
    item.units = None if item.units is None else [{**UNIT_BLANKS, **u} for u in item.units]
    return item


def test_the_kept_plan_holds_the_writable_members_as_they_were():
    preview = Preview(_items(), [Problem(9, None, "no_number")], [])
    kept = plan_from_bytes(plan_bytes(preview))
    assert kept.items == [_as_kept(item) for item in _items()[:2]]
    assert kept.invalid_members == preview.invalid_members == 2
    assert kept.items[1].units == [] and kept.items[0].units[0]["product"] is Product.COFFEE
    assert kept.items[0].values["joined_on"] == date(2019, 3, 14)
    assert kept.items[0].standing[0].ends_on == date(2027, 1, 1)


def test_the_kept_summary_reads_back():
    preview = Preview(_items(), [], [], [DroppedColumn("Área", "numbers")])
    summary = summarize(preview, 1)
    assert summary_from_bytes(summary_bytes(summary)) == summary
    assert summary.count("new") == 1 and summary.count("conflict") == 1
    assert summary.problem_count == 1 and len(summary.changed) == 1


def test_the_kept_fields_are_the_registers():
    from msgspec.structs import fields

    from coop.members.import_codec import KeptUnit, KeptValues
    from coop.members.services import MEMBER_FIELDS, UNIT_FIELDS

    assert tuple(f.name for f in fields(KeptValues)) == MEMBER_FIELDS
    assert tuple(f.name for f in fields(KeptUnit)) == UNIT_FIELDS


def test_a_unit_as_text_keeps_an_area_of_zero():
    from coop.members.import_preview import unit_text

    unit = {"product": Product.COFFEE, "product_area_ha": Decimal("0.00"), "organic": False}
    assert unit_text(unit) == {"product": "coffee", "product_area_ha": "0.00"}
