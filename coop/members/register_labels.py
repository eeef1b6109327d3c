"""The words of the register's spreadsheets: column names and import problems, translated."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import LazyString, force_locale, format_date, format_decimal

from coop.core.i18n import _l

COLUMN_LABELS: dict[str, LazyString] = {
    "number": _l("Member number"),
    "given_names": _l("Given names"),
    "surnames": _l("Surnames"),
    "national_id": _l("National ID"),
    "sex": _l("Sex"),
    "birth": _l("Date or year of birth"),
    "community": _l("Community"),
    "group": _l("Group or section"),
    "phone": _l("Phone"),
    "joined_on": _l("Join date"),
    "admission_decision": _l("Admission decision"),
    "status": _l("Status"),
    "status_since": _l("Status since"),
    "in_good_standing": _l("In good standing"),
    "dues_paid_until": _l("Dues paid up to"),
    "product": _l("Product"),
    "total_area_ha": _l("Total area (ha)"),
    "product_area_ha": _l("Area under the product (ha)"),
    "hives": _l("Hives"),
    "certifications": _l("Certifications"),
    "yearly_volume_kg": _l("Yearly volume (kg)"),
}

STANDING_BASES: dict[str, LazyString] = {
    "admission": _l("From admission"),
    "dues": _l("Dues paid"),
    "decision": _l("Board decision"),
    "imported": _l("Imported register"),
    "flag": _l("Recorded before dates were kept"),
}

MESSAGES: dict[str, LazyString] = {
    # the file as a whole
    "empty": _l("The file is empty."),
    "old_excel": _l("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV."),
    "binary": _l("This is not a spreadsheet: upload a CSV or XLSX file."),
    "encoding": _l("The text encoding of the file is not recognized: save it as CSV UTF-8."),
    "bad_csv": _l("The CSV file is damaged (a quote is not closed)."),
    "bad_xlsx": _l("The XLSX file could not be read. Open it and save it again."),
    "no_header": _l("The first row must hold the column names."),
    "too_many_columns": _l("The file has more than %(max)s columns."),
    "too_many_rows": _l("The file has more than %(max)s rows: split it."),
    "too_large": _l("The file is larger than %(max)s MB."),
    "xlsx_too_big": _l(
        "This XLSX file is too big once unpacked: keep only the register's sheet in it, "
        "or save it as CSV."
    ),
    "xlsx_bomb": _l(
        "This XLSX file unpacks to more than %(ratio)s times its size, which spreadsheet "
        "programs never do: open it and save it again, or save it as CSV."
    ),
    "too_many_texts": _l(
        "The spreadsheet holds more than %(max)s different texts: keep only the register's "
        "sheet in it, or save it as CSV."
    ),
    "sheet_too_long": _l(
        "The sheet goes on past row %(max)s, counting empty rows: delete the rows below "
        "the register."
    ),
    "too_many_cells": _l(
        "A row of the sheet holds more than %(max)s cells: delete the columns to the right "
        "of the register."
    ),
    "control_character": _l(
        "Row %(line)s holds an invisible control character (such as NUL) that cannot be "
        "stored: delete it and save the file again."
    ),
    # one row or cell
    "wrong_width": _l("The row has %(cells)s cells; the header has %(expected)s."),
    "formula": _l("This cell holds a spreadsheet formula; enter its value instead."),
    "required": _l("This value is required."),
    "too_long": _l("At most %(max)s characters."),
    "bad_number_format": _l("A member number has letters, digits and dashes only, up to 20."),
    "bad_date": _l("Not a date: write it as DD/MM/YYYY or YYYY-MM-DD."),
    "date_out_of_range": _l("The date must be after %(year)s and not in the future."),
    "bad_decimal": _l("Not a number."),
    "ambiguous_number": _l(
        "Unclear: is it a thousand or a decimal? Write 1234 or 1,5 without a thousands mark."
    ),
    "out_of_range": _l("The number must be between %(low)s and %(high)s."),
    "not_whole": _l("A whole number is needed."),
    "unknown_word": _l("This value is not recognized."),
    "birth_after_join": _l("The date of birth must come before the join date."),
    "unit_without_product": _l("A production unit needs its product."),
    "area_exceeds_total": _l("The area under the product cannot exceed the total area."),
    "no_number": _l("The row has no member number."),
    "duplicate_number": _l("Member %(number)s is already on row %(first)s with different details."),
    "duplicate_id": _l("The ID %(id)s is also given to member %(number)s in this file."),
    "status_before_join": _l("The status cannot start before the join date."),
    "status_needs_date": _l(
        "A member who has left or is suspended needs the date of that status (Status since)."
    ),
    "join_after_history": _l(
        "The join date cannot come after a later change of status (%(date)s)."
    ),
    "id_taken": _l("The ID %(id)s belongs to member %(number)s in the register."),
    "date_outside": _l("The date must be between the years %(low)s and %(high)s."),
    "dues_before_join": _l("The dues cannot be paid up to a date before the join date."),
    "status_before_history": _l(
        "The status date cannot come before the last change of status in the register (%(date)s)."
    ),
}


def message(code: str, params: dict[str, Any]) -> str:
    """The translated message for a problem code."""
    return str(MESSAGES[code]) % params if params else str(MESSAGES[code])


def column_label(key: str) -> str:
    return str(COLUMN_LABELS[key])


def basis_label(basis: object) -> str:
    """What a period of good standing rests on, in the reader's words."""
    key = str(getattr(basis, "value", basis))
    return str(STANDING_BASES.get(key, key))


# Member fields whose spreadsheet column has another name.
FIELD_COLUMNS = {"group_name": "group", "birth_date": "birth", "birth_year": "birth"}


DATE_FIELDS = ("joined_on", "birth_date", "status_since", "dues_paid_until")


def change_field(key: str) -> str:
    """The name of a changed field, as the register's pages call it."""
    if key == "units":
        return str(_l("Production units"))
    column = FIELD_COLUMNS.get(key, key)
    return column_label(column) if column in COLUMN_LABELS else key


def change_value(key: str, value: Any) -> str:
    """A changed value as the reader says it: statuses, sexes, yes and no, dates, units in
    words. Units come as a list of {field: text}; older records kept them as "k=v; k=v"."""
    from coop.core.labels import label  # labels import forms' choices; keep this module light

    if not value:
        return "—"
    if key in ("status", "sex"):
        return label(value)
    if key == "in_good_standing":
        return str(_l("Yes") if value == "True" else _l("No"))
    if key == "units":
        units = value if isinstance(value, list) else _legacy_units(value)
        return " | ".join(_unit_words(unit, label) for unit in units)
    if key in DATE_FIELDS:
        return _date(value)
    return str(value)


def _legacy_units(text: str) -> list[dict[str, str]]:
    return [
        dict(part.split("=", 1) for part in unit.split("; ") if "=" in part)
        for unit in text.split(" | ")
    ]


def _unit_words(unit: dict[str, str], label: Any) -> str:
    parts = dict(unit)
    words = [label(parts.pop("product", ""))]
    for key, text in parts.items():
        words.append(label(key) if text == "True" else f"{column_label(key)}: {_number(text)}")
    return ", ".join(words)


def _date(text: str) -> str:
    """A stored ISO date as the reader writes it."""
    try:
        return format_date(date.fromisoformat(text), "medium")
    except ValueError:
        return text


def _number(text: str) -> str:
    """A stored number written the reader's way: 2.50 is "2,5" in Spanish."""
    try:
        return format_decimal(Decimal(text))
    except InvalidOperation:
        return text


def translated_aliases(locales: tuple[str, ...]) -> dict[str, set[str]]:
    """Each column's label in every language, so exported headers are read back."""
    aliases: dict[str, set[str]] = {key: set() for key in COLUMN_LABELS}
    for locale in locales:
        with force_locale(locale):
            for key, label in COLUMN_LABELS.items():
                aliases[key].add(str(label))
    return aliases
