"""The register as CSV or XLSX, in the layout the import reads: one row per production unit.

Two layouts. The reader's (the default): headers and values in the reader's language, dates
as they write them, and for Spanish and Portuguese a decimal comma and `;` between cells, as
their spreadsheets expect. The machine's: codes (`female`, `coffee`), ISO dates, decimal
points and commas between cells, for other programs and round trips. Both read back.
"""

import csv
import enum
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import format_date, format_decimal, get_locale
from sqlalchemy.orm import selectinload

from coop.core.csvfiles import safe_cell, write_csv
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.labels import label
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.columns import COLUMNS
from coop.members.models import Member, ProductionUnit
from coop.members.register_labels import column_label
from coop.members.rules import in_force
from coop.members.standing_rules import dues_paid_until


class Layout(enum.StrEnum):
    READER = "reader"
    MACHINE = "machine"


@dataclass(frozen=True)
class Conventions:
    """How a reader's spreadsheet writes cells."""

    delimiter: str
    date_pattern: str  # for Babel
    excel_date: str  # the cell format of a date in XLSX
    decimal_comma: bool


COMMA_LANGUAGES = ("es", "pt")
DAY_FIRST = Conventions(";", "dd/MM/yyyy", "DD/MM/YYYY", True)
ISO = Conventions(",", "yyyy-MM-dd", "YYYY-MM-DD", False)
MAX_SHEET_TITLE = 31  # Excel's limit


def conventions(layout: Layout) -> Conventions:
    """The cell conventions of the reader's language, or the machine's."""
    if layout == Layout.READER and get_locale().language in COMMA_LANGUAGES:
        return DAY_FIRST
    return ISO


def register_members(org: Organization) -> Iterable[Member]:
    """Every member of `org` with units, history and standing, in number order."""
    return db.session.scalars(
        scoped(Member, org)
        .options(
            selectinload(Member.units),
            selectinload(Member.history),
            selectinload(Member.standing),
        )
        .order_by(Member.number_key, Member.number)
    )


def _status_since(member: Member) -> date | None:
    # The entry in force last is the status in force; unknown dates stay empty.
    entries = in_force(member.entries)
    latest = entries[-1] if entries else None
    return None if latest is None or latest.date_unknown else latest.effective_on


def _member_cells(member: Member, today: date) -> dict[str, Any]:
    birth: date | int | None = member.birth_date or member.birth_year
    return {
        "number": member.number,
        "given_names": member.given_names,
        "surnames": member.surnames,
        "national_id": member.national_id or "",
        "sex": member.sex,
        "birth": birth,
        "community": member.community,
        "group": member.group_name,
        "phone": member.phone,
        "joined_on": member.joined_on,
        "admission_decision": member.admission_decision,
        "status": member.status,
        "status_since": _status_since(member),
        "in_good_standing": member.in_good_standing_on(today),
        "dues_paid_until": dues_paid_until([p.period for p in member.standing]),
    }


def _unit_cells(unit: ProductionUnit | None) -> dict[str, Any]:
    if unit is None:
        return {}
    return {
        "product": unit.product,
        "total_area_ha": unit.total_area_ha,
        "product_area_ha": unit.product_area_ha,
        "hives": unit.hives,
        "certifications": unit.certifications,
        "yearly_volume_kg": unit.yearly_volume_kg,
    }


def header(layout: Layout = Layout.MACHINE) -> list[str]:
    """Column names in the reader's language (both layouts: the import reads every one)."""
    return [column_label(column.key) for column in COLUMNS]


def typed_rows(members: Iterable[Member], today: date) -> Iterator[list[Any]]:
    """One row of typed values per production unit; a member without units gets one row."""
    for member in members:
        base = _member_cells(member, today)
        for unit in member.units or [None]:
            cells = {**base, **_unit_cells(unit)}
            yield [cells.get(column.key) for column in COLUMNS]


def _text(value: Any, layout: Layout, rules: Conventions) -> Any:
    """A typed value as the layout writes it in a text cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if layout == Layout.MACHINE:
            return "yes" if value else "no"
        return label("yes" if value else "no")
    if isinstance(value, enum.Enum):
        return value.value if layout == Layout.MACHINE else label(value)
    if isinstance(value, list):  # certifications
        return ", ".join(v if layout == Layout.MACHINE else label(v) for v in value)
    if isinstance(value, date):
        return format_date(value, rules.date_pattern)
    if isinstance(value, Decimal) and rules.decimal_comma:
        return format_decimal(value, "0.##")
    return value


def rows(
    members: Iterable[Member], today: date, layout: Layout = Layout.MACHINE
) -> Iterator[list[Any]]:
    """The rows as a CSV writes them."""
    rules = conventions(layout)
    for row in typed_rows(members, today):
        yield [_text(value, layout, rules) for value in row]


def to_csv(
    members: Iterable[Member], layout: Layout = Layout.MACHINE, today: date | None = None
) -> bytes:
    """The register as CSV."""
    rules = conventions(layout)
    if rules.delimiter == ",":
        return write_csv(header(layout), rows(members, today or date.today(), layout))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=rules.delimiter, lineterminator="\r\n")
    writer.writerow(header(layout))
    for row in rows(members, today or date.today(), layout):
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode()


def sheet_title(layout: Layout) -> str:
    """The name of the register's sheet."""
    if layout == Layout.MACHINE:
        return "register"
    title = _("Member register")
    for forbidden in "[]:*?/\\":
        title = title.replace(forbidden, " ")
    return title[:MAX_SHEET_TITLE]


def to_xlsx(
    members: Iterable[Member], layout: Layout = Layout.MACHINE, today: date | None = None
) -> bytes:
    """An XLSX workbook with a named sheet; text cells are typed as text, so nothing runs as
    a formula; in the reader's layout numbers and dates are cells of their own type."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    rules = conventions(layout)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(layout))
    sheet.append(header(layout))
    for row in typed_rows(members, today or date.today()):
        cells = []
        for value in row:
            typed = isinstance(value, Decimal | int) and not isinstance(value, bool)
            if layout == Layout.READER and isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = rules.excel_date
            elif typed:
                cell = WriteOnlyCell(sheet, value=value)
            else:
                text = _text(value, layout, rules)
                cell = WriteOnlyCell(sheet, value=text or None)
                if text:
                    cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
