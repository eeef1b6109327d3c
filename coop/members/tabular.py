"""Reading an uploaded spreadsheet into a header and rows of text, whatever its format.

CSV in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252, separated by commas,
semicolons or tabs; or XLSX. Pure: bytes in, a Table out, or TableError with a code.

An XLSX file is a zip of XML parts, and a few kilobytes of it can unpack to gigabytes, or to
millions of rows, cells or strings that openpyxl would build one by one. So the file is
measured before openpyxl reads it, against `Limits`, each far above what a register of
MAX_ROWS rows and MAX_COLUMNS columns needs: the zip's directory first (how many parts, how
big unpacked, how tightly packed), then each XML part streamed through a byte counter and
through expat, which only counts. openpyxl then reads the first sheet no further than its last
row and column holding a value. A CSV file is read line by line under the same limits.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from coop.members.table_limits import LIMITS, MAX_COLUMNS, MAX_ROWS, Limits, TableError
from coop.members.xlsx_measure import check_part, chunks, extent, open_zip

# What no register field may hold: NUL (PostgreSQL refuses it), the other C0 and C1 control
# characters but tab and line breaks (XML cannot carry them, so neither can an XLSX export),
# and the two non-characters XML forbids.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass
class Table:
    source: str  # "csv" or "xlsx"
    headers: list[str]
    rows: list[list[str]]  # every row as long as the header; see `widths`
    widths: list[int]  # cells each row really had, to report rows of the wrong width
    lines: list[int]  # each row's number as the spreadsheet shows it (blank rows count)


def read_table(data: bytes, limits: Limits = LIMITS) -> Table:
    """The header and rows of an uploaded file."""
    if not data.strip():
        raise TableError("empty")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError("old_excel")
    if data.startswith(b"PK\x03\x04"):
        return _table("xlsx", _read_xlsx(data, limits))
    return _table("csv", _read_csv(_decode(data), limits))


def _decode(data: bytes) -> str:
    # The text is checked for control characters once read (see _table), whatever the path.
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


def _read_csv(text: str, limits: Limits) -> Numbered:
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    lines = _Lines(text, limits)
    numbered: Numbered = []
    try:
        for number, row in enumerate(csv.reader(lines, delimiter=delimiter, strict=True), 1):
            lines.row_characters = 0  # the reader has not started the next row yet
            if len(row) > limits.row_cells:
                raise TableError("too_many_cells", max=limits.row_cells)
            if any(c.strip() for c in row):
                numbered.append((number, row))
            if len(numbered) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise TableError("bad_csv") from None
    if not numbered:
        raise TableError("empty")
    return numbered


class _Lines:
    """Gives csv.reader a file line by line, refusing one, or a row, that runs too long.

    Ten megabytes of line breaks would otherwise be ten million empty rows in memory."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.lines = iter(io.StringIO(text, newline=""))
        self.limits = limits
        self.count = 0
        self.row_characters = 0  # of the row being read: a quoted field spans lines

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.count += 1
        if self.count > self.limits.rows:
            raise TableError("sheet_too_long", max=self.limits.rows)
        self.row_characters += len(line)
        if self.row_characters > self.limits.row_characters:
            raise TableError("too_many_cells", max=self.limits.row_cells)
        return line


def _read_xlsx(data: bytes, limits: Limits) -> Numbered:
    from openpyxl import load_workbook  # only when a spreadsheet arrives

    try:
        archive = open_zip(data, limits)
        extents = {info.filename: check_part(archive, info, limits) for info in archive.infolist()}
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            path = sheet._worksheet_path  # openpyxl names the part only in a private attribute
            last_row, last_column = extents.get(path) or extent(
                chunks(archive, archive.getinfo(path), limits), limits
            )
            if not last_row:
                raise TableError("empty")
            # The size a sheet declares may be wrong either way (openpyxl's documentation
            # says so): it must neither pad rows to 16,384 cells nor stop short.
            sheet.reset_dimensions()
            values = sheet.iter_rows(max_row=last_row, max_col=last_column, values_only=True)
            rows = _xlsx_rows(values, last_column)
        finally:
            workbook.close()
    except TableError:
        raise
    except Exception:  # zipfile, expat and openpyxl raise many kinds on a damaged file
        raise TableError("bad_xlsx") from None
    if not rows:
        raise TableError("empty")
    return rows


def _xlsx_rows(values: Iterator[tuple[Any, ...]], width: int) -> Numbered:
    blank = (None,) * width  # openpyxl fills each missing row with this one tuple
    rows: Numbered = []
    for number, row in enumerate(values, start=1):
        if row == blank:
            continue
        cells = [_cell_text(v) for v in row]
        if any(cells):
            rows.append((number, cells))
        if len(rows) > MAX_ROWS + 1:
            break
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


# -- the rows as the import sees them -----------------------------------------------------------


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
    _refuse_control_characters(numbered[0][0], headers)
    width = len(headers)
    widths, fitted = [], []
    for number, row in numbered[1:]:
        # Trailing empty cells are how spreadsheets pad rows; they do not count.
        real = len(row)
        while real > width and not row[real - 1].strip():
            real -= 1
        if source == "xlsx" and real < width:
            real = width  # a sheet does not store the empty cells at the end of a row
        widths.append(real)
        cells = [c.strip() for c in (row + [""] * width)[:width]]
        _refuse_control_characters(number, cells)
        fitted.append(cells)
    return Table(source, headers, fitted, widths, [number for number, _row in numbered[1:]])


def _refuse_control_characters(line: int, cells: list[str]) -> None:
    # Tab is allowed, so it joins the cells: one search a row.
    if CONTROL_CHARACTERS.search("\t".join(cells)):
        raise TableError("control_character", line=line)
