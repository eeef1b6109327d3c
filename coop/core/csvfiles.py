"""CSV files that spreadsheets open safely: UTF-8 with a BOM, no cell run as a formula."""

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(getattr(value, "value", value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def write_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """The CSV file's bytes; the BOM makes spreadsheets read the accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode()
