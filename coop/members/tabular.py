"""Reading an uploaded spreadsheet into a header and rows of text, whatever its format.

CSV in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252, separated by commas,
semicolons or tabs; or XLSX. Pure: bytes in, a Table out, or TableError with a code.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

MAX_ROWS = 20_000
MAX_COLUMNS = 60


class TableError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Table:
    source: str  # "csv" or "xlsx"
    headers: list[str]
    rows: list[list[str]]  # every row as long as the header; see `widths`
    widths: list[int]  # cells each row really had, to report rows of the wrong width
    lines: list[int]  # each row's number as the spreadsheet shows it (blank rows count)


def read_table(data: bytes) -> Table:
    """The header and rows of an uploaded file."""
    if not data.strip():
        raise TableError("empty")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError("old_excel")
    if data.startswith(b"PK\x03\x04"):
        return _table("xlsx", _read_xlsx(data))
    return _table("csv", _read_csv(_decode(data)))


def _decode(data: bytes) -> str:
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise TableError("encoding") from None
    if b"\x00" in data or sum(b < 9 for b in data[:4096]) > 0:
        raise TableError("binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TableError("encoding") from None


Numbered = list[tuple[int, list[str]]]  # (row number, cells) of the rows that hold something


def _numbered(rows: list[list[str]]) -> Numbered:
    return [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]


def _read_csv(text: str) -> Numbered:
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        raise TableError("bad_csv") from None
    numbered = _numbered(rows)
    if not numbered:
        raise TableError("empty")
    return numbered


def _read_xlsx(data: bytes) -> Numbered:
    from openpyxl import load_workbook  # only when a spreadsheet arrives

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows: Numbered = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise TableError("bad_xlsx") from None
    if not rows:
        raise TableError("empty")
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(source: str, numbered: Numbered) -> Table:
    headers = numbered[0][1]
    rows = [row for _number, row in numbered[1:]]
    while headers and not headers[-1].strip():
        headers = headers[:-1]
    headers = [h.strip() for h in headers]
    if not headers:
        raise TableError("no_header")
    if len(headers) > MAX_COLUMNS:
        raise TableError("too_many_columns", max=MAX_COLUMNS)
    if len(rows) > MAX_ROWS:
        raise TableError("too_many_rows", max=MAX_ROWS)
    width = len(headers)
    widths, fitted = [], []
    for row in rows:
        # Trailing empty cells are how spreadsheets pad rows; they do not count.
        real = len(row)
        while real > width and not row[real - 1].strip():
            real -= 1
        if source == "xlsx" and real < width:
            real = width  # a sheet does not store the empty cells at the end of a row
        widths.append(real)
        fitted.append([c.strip() for c in (row + [""] * width)[:width]])
    return Table(source, headers, fitted, widths, [number for number, _row in numbered[1:]])
