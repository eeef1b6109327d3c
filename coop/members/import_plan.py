"""Turning a table of text into a plan of members to add or update, with every problem found.

Pure: no database. Rows that share a member number are one member with several production
units (the layout the export writes); their member cells must agree.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coop.members.columns import (
    AREA_MAX,
    BY_KEY,
    CellError,
    Column,
    parse_date,
    parse_decimal,
)
from coop.members.rules import MemberStatus

UNIT_KEYS = (
    "product",
    "total_area_ha",
    "product_area_ha",
    "hives",
    "certifications",
    "yearly_volume_kg",
)
STANDING_KEYS = ("in_good_standing", "dues_paid_until")
# Cells our own export prefixes with an apostrophe so spreadsheets do not run them.
NEUTRALIZED = ("'=", "'+", "'-", "'@")


@dataclass(frozen=True)
class Problem:
    line: int | None  # the row as the spreadsheet numbers it (the header is row 1)
    column: str | None  # the header as written in the file
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StatedStanding:
    """What a file says of a member's good standing: yes or no today, and dues paid up to."""

    in_good_standing: bool | None = None
    dues_paid_until: date | None = None


@dataclass
class MemberPlan:
    """One member of the file: the values it gives, and every problem found in its rows."""

    number: str
    lines: list[int]
    member: dict[str, Any]
    status: MemberStatus | None
    units: list[dict[str, Any]]
    problems: list[Problem] = field(default_factory=list)
    status_since: date | None = None
    standing: StatedStanding = StatedStanding()


@dataclass
class _Row:
    line: int
    member: dict[str, Any]
    status: MemberStatus | None
    unit: dict[str, Any] | None
    problems: list[Problem]
    status_since: date | None = None
    standing: StatedStanding = StatedStanding()


# Parsed values that are not fields of the member itself.
NOT_MEMBER_FIELDS = {"status", "status_since", "birth", "group", *STANDING_KEYS}


def missing_columns(mapping: list[str | None]) -> list[str]:
    """Required columns that no header is mapped to."""
    return [key for key, column in BY_KEY.items() if column.required and key not in mapping]


def _cell(raw: str, source: str, line: int, header: str, problems: list[Problem]) -> str | None:
    if source == "csv" and raw[:1] in ("'", "="):
        if raw.startswith(NEUTRALIZED):
            return raw[1:]
        if raw.startswith("="):
            problems.append(Problem(line, header, "formula"))
            return None
    return raw


Mapped = list[tuple[int, str, Column]]  # (index, header, column) of the columns used


def _parse_row(
    line: int, cells: list[str], width: int, mapped: Mapped, expected: int, source: str, today: date
) -> _Row:
    problems: list[Problem] = []
    if width != expected:
        problems.append(Problem(line, None, "wrong_width", {"cells": width, "expected": expected}))
    values: dict[str, Any] = {}
    for index, header, column in mapped:
        key = column.key
        cell = _cell(cells[index], source, line, header, problems)
        if cell is None:
            continue
        if not cell:
            if column.required:
                problems.append(Problem(line, header, "required"))
            continue
        try:
            values[key] = column.parse(cell, today) if column.needs_today else column.parse(cell)
        except CellError as error:
            problems.append(Problem(line, header, error.code, error.params))

    member = {k: v for k, v in values.items() if k not in UNIT_KEYS and k not in NOT_MEMBER_FIELDS}
    if "group" in values:
        member["group_name"] = values["group"]
    if "birth" in values:
        member["birth_date"], member["birth_year"] = values["birth"]
    joined, birth = member.get("joined_on"), member.get("birth_date")
    if joined and birth and birth >= joined:
        problems.append(Problem(line, None, "birth_after_join"))
    since = values.get("status_since")
    if joined and since and since < joined:
        problems.append(Problem(line, None, "status_before_join"))
    standing = StatedStanding(values.get("in_good_standing"), values.get("dues_paid_until"))
    if joined and standing.dues_paid_until and standing.dues_paid_until < joined:
        problems.append(Problem(line, None, "dues_before_join"))
    unit = _unit(line, values, problems)
    return _Row(line, member, values.get("status"), unit, problems, since, standing)


def _unit(line: int, values: dict[str, Any], problems: list[Problem]) -> dict[str, Any] | None:
    given = {k: values[k] for k in UNIT_KEYS if k in values}
    if not given:
        return None
    if "product" not in given:
        problems.append(Problem(line, None, "unit_without_product"))
        return None
    total, area = given.get("total_area_ha"), given.get("product_area_ha")
    if total is not None and area is not None and area > total:
        problems.append(Problem(line, None, "area_exceeds_total"))
    certifications = given.pop("certifications", [])
    return {**given, **{c: c in certifications for c in ("organic", "spp", "fair_trade")}}


def plan_members(
    headers: list[str],
    rows: list[list[str]],
    widths: list[int],
    mapping: list[str | None],
    source: str,
    today: date,
    lines: list[int] | None = None,
) -> tuple[list[MemberPlan], list[Problem]]:
    """One plan per member number, and the problems of rows that name no usable number."""
    plans: dict[str, MemberPlan] = {}
    orphans: list[Problem] = []
    numbers = lines or list(range(2, len(rows) + 2))
    mapped = [
        (index, header, BY_KEY[key])
        for index, (header, key) in enumerate(zip(headers, mapping, strict=True))
        if key is not None
    ]
    for line, cells, width in zip(numbers, rows, widths, strict=True):
        row = _parse_row(line, cells, width, mapped, len(headers), source, today)
        number = row.member.get("number")
        if number is None:
            orphans.extend(row.problems or [Problem(row.line, None, "no_number")])
            continue
        plan = plans.get(number)
        if plan is None:
            plans[number] = MemberPlan(
                number,
                [row.line],
                row.member,
                row.status,
                [row.unit] if row.unit else [],
                row.problems,
                row.status_since,
                row.standing,
            )
            continue
        plan.lines.append(row.line)
        plan.problems.extend(row.problems)
        differs = row.member != plan.member or row.standing != plan.standing
        if differs or (row.status and row.status != plan.status):
            plan.problems.append(
                Problem(
                    row.line, None, "duplicate_number", {"number": number, "first": plan.lines[0]}
                )
            )
        if row.unit:
            plan.units.append(row.unit)
    _flag_duplicate_ids(list(plans.values()))
    return list(plans.values()), orphans


def _flag_duplicate_ids(plans: list[MemberPlan]) -> None:
    owners: dict[str, MemberPlan] = {}
    for plan in plans:
        national_id = (plan.member.get("national_id") or "").strip().upper()
        if not national_id:
            continue
        first = owners.setdefault(national_id, plan)
        if first is not plan:
            plan.problems.append(
                Problem(
                    plan.lines[0], None, "duplicate_id", {"id": national_id, "number": first.number}
                )
            )


@dataclass(frozen=True)
class DroppedColumn:
    """A column left out of the import that holds what looks like data."""

    header: str
    kind: str  # "numbers" or "dates"


SAMPLED_ROWS = 200
FAR_FUTURE = date(2100, 12, 31)


def _looks_like(cell: str) -> str | None:
    try:
        parse_date(cell, FAR_FUTURE)
        return "dates"
    except CellError:
        pass
    try:
        parse_decimal(cell, -AREA_MAX * 10**6, AREA_MAX * 10**6)
        return "numbers"
    except CellError as error:
        return "numbers" if error.code == "ambiguous_number" else None


def dropped_data_columns(
    headers: list[str], rows: list[list[str]], mapping: list[str | None]
) -> list[DroppedColumn]:
    """Columns set aside whose cells are mostly numbers or dates: likely data the board would
    lose without noticing, so the preview names them before anything is written."""
    dropped = []
    for index, (header, key) in enumerate(zip(headers, mapping, strict=True)):
        if key is not None:
            continue
        cells = [row[index] for row in rows[:SAMPLED_ROWS] if row[index].strip()]
        kinds = [_looks_like(cell) for cell in cells]
        for kind in ("dates", "numbers"):
            if cells and kinds.count(kind) * 5 >= len(cells) * 4:  # four in five
                dropped.append(DroppedColumn(header or str(index + 1), kind))
                break
    return dropped
