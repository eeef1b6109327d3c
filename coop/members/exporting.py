"""The register as CSV or XLSX, in the layout the import reads: one row per production unit."""

import io
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy.orm import selectinload

from coop.csvfiles import write_csv
from coop.extensions import db
from coop.members.columns import COLUMNS
from coop.members.models import Member, ProductionUnit
from coop.members.register_labels import column_label
from coop.orgs.models import Organization
from coop.orgs.scoping import scoped


def _birth(member: Member) -> str:
    if member.birth_date is not None:
        return member.birth_date.isoformat()
    return str(member.birth_year) if member.birth_year else ""


def _member_cells(member: Member) -> dict[str, Any]:
    return {
        "number": member.number,
        "given_names": member.given_names,
        "surnames": member.surnames,
        "national_id": member.national_id or "",
        "sex": member.sex.value,
        "birth": _birth(member),
        "community": member.community,
        "group": member.group_name,
        "phone": member.phone,
        "joined_on": member.joined_on.isoformat(),
        "admission_decision": member.admission_decision,
        "status": member.status.value,
        # The latest entry of the history is the status in force: its date comes along.
        "status_since": member.history[-1].effective_on.isoformat() if member.history else "",
        "in_good_standing": "yes" if member.in_good_standing else "no",
    }


def _unit_cells(unit: ProductionUnit | None) -> dict[str, Any]:
    if unit is None:
        return {}
    return {
        "product": unit.product.value,
        "total_area_ha": unit.total_area_ha,
        "product_area_ha": unit.product_area_ha,
        "hives": unit.hives,
        "certifications": ", ".join(unit.certifications),
        "yearly_volume_kg": unit.yearly_volume_kg,
    }


def register_members(org: Organization) -> Iterable[Member]:
    """Every member of `org` with units and history, in number order, in three queries."""
    return db.session.scalars(
        scoped(Member, org)
        .options(selectinload(Member.units), selectinload(Member.history))
        .order_by(Member.number)
    )


def header() -> list[str]:
    """Column names in the reader's language."""
    return [column_label(column.key) for column in COLUMNS]


def rows(members: Iterable[Member]) -> Iterator[list[Any]]:
    """One row per production unit; a member without units gets one row."""
    for member in members:
        base = _member_cells(member)
        for unit in member.units or [None]:
            cells = {**base, **_unit_cells(unit)}
            yield [cells.get(column.key, "") for column in COLUMNS]


def to_csv(members: Iterable[Member]) -> bytes:
    """The register as CSV."""
    return write_csv(header(), rows(members))


def to_xlsx(members: Iterable[Member]) -> bytes:
    """An XLSX workbook; every text cell is typed as text, so nothing runs as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header())
    for row in rows(members):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=None if value == "" else value)
            if isinstance(value, str) and value:
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
