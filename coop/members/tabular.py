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
import string
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Any
from xml.parsers import expat

MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELLS = (MAX_ROWS + 1) * MAX_COLUMNS  # the header row too

# What no register field may hold: NUL (PostgreSQL refuses it), the other C0 and C1 control
# characters but tab and line breaks (XML cannot carry them, so neither can an XLSX export),
# and the two non-characters XML forbids.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class TableError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Limits:
    """How much of an uploaded file is read before it is refused.

    A register of 20,001 rows by 60 columns saved as XLSX is a sheet of 40 to 55 MB packed
    about 10 to 1, with some 5 million tags, and a table of a few hundred thousand strings.
    """

    parts: int = 1_000  # files in the zip
    part_bytes: int = 128 << 20  # one part, unpacked
    total_bytes: int = 256 << 20  # all parts, unpacked
    ratio: int = 100  # unpacked / packed size of one part...
    ratio_grace: int = 1 << 20  # ...once it is bigger than this
    tags: int = 8 * MAX_CELLS  # "<" in one part: a cell with its value is 4 to 6
    text_run: int = 256 << 10  # bytes between two tags: a cell holds at most 32,767 characters
    side_elements: int = 200_000  # in a part other than a sheet or the strings; in a sheet,
    # the elements outside its rows (the head before the rows, merged cells, links after them)
    strings: int = MAX_CELLS  # shared strings: no more than the cells that could use them
    rows: int = 5 * MAX_ROWS  # rows (or CSV lines) scanned, empty ones too; the last row read
    row_cells: int = 16_384  # the widest row Excel makes
    row_elements: int = 65_536
    row_characters: int = 1 << 20  # of one CSV row
    columns: int = MAX_COLUMNS


LIMITS = Limits()


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
        archive = _open_zip(data, limits)
        extents = {info.filename: _check_part(archive, info, limits) for info in archive.infolist()}
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            path = sheet._worksheet_path  # openpyxl names the part only in a private attribute
            last_row, last_column = extents.get(path) or _extent(
                _chunks(archive, archive.getinfo(path), limits), limits
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


# -- measuring an XLSX file before openpyxl reads it ------------------------------------------

CHUNK = 1 << 16
SI = re.compile(rb"<(?:[^\s<>/:]+:)?si[\s/>]")  # a shared string, whatever its prefix
# The elements of a sheet openpyxl reads, as expat names them ("namespace local-name").
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
ROW, CELL, VALUE, INLINE_TEXT, DIMENSION = (MAIN + n for n in ("row", "c", "v", "is", "dimension"))


def _open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The zip, once its directory says it is small enough to unpack."""
    # zipfile reads the whole central directory at once: bound it before it does.
    if _central_directory_size(data) > limits.parts * 1024:
        raise TableError("xlsx_too_big")
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if len(infos) > limits.parts:
        raise TableError("xlsx_too_big")
    if sum(info.file_size for info in infos) > limits.total_bytes:
        raise TableError("xlsx_too_big")
    for info in infos:
        if info.file_size > limits.part_bytes:
            raise TableError("xlsx_too_big")
        if info.file_size > max(limits.ratio_grace, limits.ratio * info.compress_size):
            raise TableError("xlsx_bomb", ratio=limits.ratio)
    return archive


def _central_directory_size(data: bytes) -> int:
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or len(data) < end + 22:
        raise TableError("bad_xlsx")
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    locator = end - 20
    if size == 0xFFFFFFFF and locator >= 0 and data.startswith(b"PK\x06\x07", locator):
        record = int.from_bytes(data[locator + 8 : locator + 16], "little")
        if data.startswith(b"PK\x06\x06", record):
            size = int.from_bytes(data[record + 40 : record + 48], "little")
    return size


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Iterator[bytes]:
    """A part's bytes, unpacked a piece at a time, never past its declared size or the limit."""
    left = min(info.file_size, limits.part_bytes)
    size = min(CHUNK, limits.text_run)  # so that a run longer than the limit spans chunks
    with archive.open(info) as part:
        while chunk := part.read(size):
            left -= len(chunk)
            if left < 0:
                raise TableError("xlsx_too_big")
            yield chunk


def _check_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> tuple[int, int] | None:
    """Measure one part: its root element, its bytes, then what openpyxl would build of it.

    For a sheet read to its end, this also gives its last row and column holding a value."""
    root = _RootScan(limits)
    _parse(_chunks(archive, info, limits), root, strict=False)
    if root.name == "sst":
        declared = root.attrs.get("uniqueCount", "")
        if declared.isdigit() and int(declared) > limits.strings:
            raise TableError("too_many_texts", max=limits.strings)
        # Counted in bytes only: expat would take seconds over a million strings.
        _count_bytes(_chunks(archive, info, limits), limits, strings=True)
        return None
    if not root.name:
        return None  # a picture or another part openpyxl does not parse as XML
    _count_bytes(_chunks(archive, info, limits), limits, strings=False)
    if root.name == "worksheet":
        sheet = _SheetScan(limits, opening=True)
        if _parse(_chunks(archive, info, limits), sheet, strict=False):
            return sheet.last_row, sheet.last_column
    else:
        _parse(_chunks(archive, info, limits), _Scan(limits), strict=False)
    return None


def _count_bytes(chunks: Iterator[bytes], limits: Limits, strings: bool) -> None:
    """Count a part's tags, the longest run of bytes between two, and its shared strings."""
    # A plain text takes 4 tags (<si><t>a</t></si>); the fifth leaves room for formatted ones.
    most_tags = 5 * limits.strings if strings else limits.tags
    too_many = TableError("too_many_texts", max=limits.strings) if strings else None
    tags = run = found = 0
    tail = b""
    for chunk in chunks:
        if too_many and b"\x00" in chunk:
            raise TableError("bad_xlsx")  # not UTF-8, where the strings are counted
        tags += chunk.count(b"<")
        if tags > most_tags:
            raise too_many or TableError("xlsx_too_big")
        first = chunk.find(b"<")
        run += len(chunk) if first < 0 else first
        if run > limits.text_run:
            raise TableError("xlsx_too_big")
        if first >= 0:
            run = len(chunk) - chunk.rfind(b"<") - 1
        if too_many:
            # A tag the chunk cuts in two waits for the next one. One whose name is longer
            # than 256 bytes could be missed, but so long a name fills a part long before it
            # holds too many strings.
            text = tail + chunk
            last = text.rfind(b"<")
            cut = last if last >= 0 and len(text) - last < 256 else len(text)
            found += len(SI.findall(text, 0, cut))
            tail = text[cut:]
            if found > limits.strings:
                raise too_many
    if too_many and found + len(SI.findall(tail)) > limits.strings:
        raise too_many


class _Enough(Exception):
    """The scan has seen all it needed."""


class _Scan:
    """Counts the elements of an XML part as expat reads them, up to a limit."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.elements = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limits.side_elements:
            raise TableError("xlsx_too_big")


class _RootScan(_Scan):
    """Stops at the root element, which tells what kind of part this is ("" if not XML)."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.name = ""
        self.attrs: dict[str, str] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.name, self.attrs = _local(name), attrs
        raise _Enough


def _parse(chunks: Iterator[bytes], scan: _Scan, strict: bool) -> bool:
    """Feed a part to expat, which tells the scan of each element; True if read to its end."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    # Spreadsheets never declare a DTD; its entities are how XML bombs multiply.
    parser.StartDoctypeDeclHandler = _refuse_dtd
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        return False
    except expat.ExpatError:
        # Damaged XML: openpyxl refuses it too if it reads this part; some parts (old VML
        # drawings) are not well-formed, and openpyxl never parses them.
        if strict:
            raise TableError("bad_xlsx") from None
        return False
    return True


def _refuse_dtd(*_args: Any) -> None:
    raise TableError("bad_xlsx")


def _local(name: str) -> str:
    return name.rpartition(" ")[2]  # expat gives "namespace local-name"


def _extent(chunks: Iterator[bytes], limits: Limits) -> tuple[int, int]:
    """The last row and the last column of a sheet holding a value, (0, 0) if none does."""
    scan = _SheetScan(limits, opening=False)
    _parse(chunks, scan, strict=True)
    return scan.last_row, scan.last_column


class _SheetScan(_Scan):
    """Reads a sheet's XML as openpyxl will, counting rows, cells and elements.

    openpyxl takes a row's children for its cells, a cell's `v` or `is` child for its value,
    and the place of a row or cell from its `r`, else from the one before. The scan follows
    the same rules without tracking depth (which would take an end handler and double the
    time): every element after a row's start counts towards that row, even one after the last
    row, and only `c` elements move the column. So it may count more than openpyxl will
    build, never less, and the last row and column it finds may be further than openpyxl's,
    which only makes openpyxl read a little more. When openpyxl opens the workbook
    (`opening`), it reads each sheet up to its <dimension>, or through its rows if the sheet
    puts none before them.
    """

    def __init__(self, limits: Limits, opening: bool) -> None:
        super().__init__(limits)
        self.opening = opening
        self.columns = _column_numbers()
        self.rows = self.row = self.column = 0
        self.row_cells = self.row_elements = 0
        self.last_row = self.last_column = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == CELL:
            self.row_cells += 1
            self.row_elements += 1
            if self.row_cells > self.limits.row_cells:
                raise TableError("too_many_cells", max=self.limits.row_cells)
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789").replace("$", "")
                self.column = self.columns.get(letters) or self.columns[letters.upper()]
            else:
                self.column += 1
        elif name in (VALUE, INLINE_TEXT):
            self.row_elements += 1
            if self.column > self.limits.columns:
                raise TableError("too_many_columns", max=self.limits.columns)
            if self.row > self.limits.rows:
                raise TableError("sheet_too_long", max=self.limits.rows)
            if self.row > self.last_row:
                self.last_row = self.row
            if self.column > self.last_column:
                self.last_column = self.column
        elif name == ROW:
            self.rows += 1
            if self.rows > self.limits.rows:
                raise TableError("sheet_too_long", max=self.limits.rows)
            ref = attrs.get("r")
            self.row = int(float(ref)) if ref else self.row + 1
            self.column = self.row_cells = self.row_elements = 0
        elif self.rows:
            self.row_elements += 1
        elif self.opening and name == DIMENSION:
            raise _Enough  # openpyxl stops here, before the rows
        else:
            self.elements += 1  # the head of the sheet, before its rows
            if self.elements > self.limits.side_elements:
                raise TableError("xlsx_too_big")
        if self.row_elements > self.limits.row_elements:
            raise TableError("too_many_cells", max=self.limits.row_cells)


@cache
def _column_numbers() -> dict[str, int]:
    """Column names A to ZZZ (as openpyxl reads them) and their numbers."""
    letters = string.ascii_uppercase
    names = [
        *letters,
        *(a + b for a in letters for b in letters),
        *(a + b + c for a in letters for b in letters for c in letters),
    ]
    return {name: number for number, name in enumerate(names, start=1)}


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
