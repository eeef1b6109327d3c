"""Keeping an import's checked plan with its upload, from the upload to the apply.

Two parts, stored apart so that each request reads only what it needs: the summary the
preview page shows, and the plan the apply writes (the members that can be written; the
others are only counted). Thousands of members go through here: values that are already
JSON pass untouched, member and unit fields travel as lists in a fixed order, and empty
fields are left out.
"""

import enum
from datetime import date
from decimal import Decimal
from typing import Any

from coop.members.import_plan import DroppedColumn, Problem
from coop.members.import_preview import Kind, Planned, Preview, Shown, Summary
from coop.members.rules import Correction, MemberStatus, Product, Sex
from coop.members.services import MEMBER_FIELDS
from coop.members.standing_rules import StandingBasis, StandingPeriod

UNIT_KEYS = (
    "product",
    "total_area_ha",
    "product_area_ha",
    "hives",
    "organic",
    "spp",
    "fair_trade",
    "yearly_volume_kg",
)
MEMBER_DATES = {"birth_date", "joined_on"}
UNIT_DECIMALS = {"total_area_ha", "product_area_ha", "yearly_volume_kg"}
ABSENT = "\x00"  # a member field the file does not give (not the same as an empty one)


JSON_TYPES = (str, int, bool, type(None))  # pass through as they are


def _plain(value: Any) -> Any:
    if type(value) in JSON_TYPES:
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _values_json(values: dict[str, Any]) -> list[Any]:
    return [_plain(values.get(key, ABSENT)) for key in MEMBER_FIELDS]


def _values(raw: list[Any]) -> dict[str, Any]:
    values = {key: value for key, value in zip(MEMBER_FIELDS, raw, strict=True) if value != ABSENT}
    for key in MEMBER_DATES & values.keys():
        values[key] = _day(values[key])
    if "sex" in values:
        values["sex"] = Sex(values["sex"])
    return values


def _unit_json(unit: dict[str, Any]) -> list[Any]:
    return [_plain(unit.get(key)) for key in UNIT_KEYS]


def _unit(raw: list[Any]) -> dict[str, Any]:
    unit = {key: value for key, value in zip(UNIT_KEYS, raw, strict=True) if value is not None}
    unit["product"] = Product(unit["product"])
    for key in UNIT_DECIMALS & unit.keys():
        unit[key] = Decimal(unit[key])
    return unit


def _problem_json(p: Problem) -> list[Any]:
    return [p.line, p.column, p.code, {k: _plain(v) for k, v in p.params.items()}]


def _item_json(item: Planned) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "n": item.number,
        "l": item.line,
        "k": item.kind.value,
        "v": _values_json(item.values),
        "s": item.status_after.value,
    }
    optional = {
        "id": item.member_id,
        "was": item.registered_name,
        "new": _plain(item.status),
        "since": _plain(item.status_since),
        "c": [
            [c.corrects_id, c.status.value, c.effective_on.isoformat(), _plain(c.was), c.what]
            for c in item.corrections
        ],
        "g": [
            [p.starts_on.isoformat(), _plain(p.ends_on), p.in_good_standing, p.basis.value]
            for p in item.standing
        ],
        "ch": item.changes,
    }
    raw.update((k, v) for k, v in optional.items() if v not in (None, "", [], {}))
    if item.units is not None:  # an empty list removes the units; None keeps them
        raw["u"] = [_unit_json(unit) for unit in item.units]
    return raw


def _item(raw: dict[str, Any]) -> Planned:
    values = _values(raw["v"])
    units = raw.get("u")
    return Planned(
        raw["n"],
        raw["l"],
        f"{values['given_names']} {values['surnames']}",
        Kind(raw["k"]),
        values,
        member_id=raw.get("id"),
        registered_name=raw.get("was", ""),
        status_after=MemberStatus(raw["s"]),
        status=MemberStatus(raw["new"]) if raw.get("new") else None,
        status_since=_day(raw.get("since")),
        units=None if units is None else [_unit(u) for u in units],
        corrections=[
            Correction(c[0], MemberStatus(c[1]), date.fromisoformat(c[2]), _day(c[3]), c[4])
            for c in raw.get("c", [])
        ],
        standing=[
            StandingPeriod(date.fromisoformat(p[0]), _day(p[1]), p[2], StandingBasis(p[3]))
            for p in raw.get("g", [])
        ],
        changes=raw.get("ch", {}),
    )


def plan_json(preview: Preview) -> dict[str, Any]:
    """The members the apply can write, and how many it leaves out for their problems."""
    return {
        "items": [_item_json(item) for item in preview.items if item.writable],
        "left_out": preview.invalid_members,
    }


def plan_from_json(raw: dict[str, Any]) -> Preview:
    """The kept plan, as a preview of the writable members."""
    return Preview([_item(item) for item in raw["items"]], [], [], left_out=raw["left_out"])


def _shown_json(shown: Shown) -> list[Any]:
    return [
        shown.number,
        shown.line,
        shown.name,
        shown.kind.value,
        shown.registered_name,
        shown.changes,
    ]


def summary_json(summary: Summary) -> dict[str, Any]:
    """The preview page's figures as JSON-ready values."""
    return {
        "counts": summary.counts,
        "invalid": summary.invalid_members,
        "unknown_dates": summary.unknown_dates,
        "problems": [_problem_json(p) for p in summary.problems],
        "problem_count": summary.problem_count,
        "changed": [_shown_json(s) for s in summary.changed],
        "conflicts": [_shown_json(s) for s in summary.conflicts],
        "missing": summary.missing,
        "dropped": [[d.header, d.kind] for d in summary.dropped],
    }


def _shown(raw: list[Any]) -> Shown:
    number, line, name, kind, registered_name, changes = raw
    return Shown(number, line, name, Kind(kind), registered_name, changes)


def summary_from_json(raw: dict[str, Any]) -> Summary:
    """The kept summary."""
    return Summary(
        counts=raw["counts"],
        invalid_members=raw["invalid"],
        unknown_dates=raw["unknown_dates"],
        problems=[Problem(*p) for p in raw["problems"]],
        problem_count=raw["problem_count"],
        changed=[_shown(s) for s in raw["changed"]],
        conflicts=[_shown(s) for s in raw["conflicts"]],
        missing=raw["missing"],
        dropped=[DroppedColumn(*d) for d in raw["dropped"]],
    )
