"""Measuring an XLSX file before openpyxl reads it (see tabular): the zip's directory, then
each XML part streamed through a byte counter and through expat, which only counts."""

import io
import re
import string
import zipfile
from collections.abc import Iterator
from functools import cache
from typing import Any
from xml.parsers import expat

from coop.members.table_limits import Limits, TableError

CHUNK = 1 << 16
SI = re.compile(rb"<(?:[^\s<>/:]+:)?si[\s/>]")  # a shared string, whatever its prefix
# The elements of a sheet openpyxl reads, as expat names them ("namespace local-name").
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
ROW, CELL, VALUE, INLINE_TEXT, DIMENSION = (MAIN + n for n in ("row", "c", "v", "is", "dimension"))


def open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
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


def chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Iterator[bytes]:
    """A part's bytes, unpacked a piece at a time, never past its declared size or the limit."""
    left = min(info.file_size, limits.part_bytes)
    size = min(CHUNK, limits.text_run)  # so that a run longer than the limit spans chunks
    with archive.open(info) as part:
        while chunk := part.read(size):
            left -= len(chunk)
            if left < 0:
                raise TableError("xlsx_too_big")
            yield chunk


def check_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> tuple[int, int] | None:
    """Measure one part: its root element, its bytes, then what openpyxl would build of it.

    For a sheet read to its end, this also gives its last row and column holding a value."""
    root = _RootScan(limits)
    _parse(chunks(archive, info, limits), root, strict=False)
    if root.name == "sst":
        declared = root.attrs.get("uniqueCount", "")
        if declared.isdigit() and int(declared) > limits.strings:
            raise TableError("too_many_texts", max=limits.strings)
        # Counted in bytes only: expat would take seconds over a million strings.
        _count_bytes(chunks(archive, info, limits), limits, strings=True)
        return None
    if not root.name:
        return None  # a picture or another part openpyxl does not parse as XML
    _count_bytes(chunks(archive, info, limits), limits, strings=False)
    if root.name == "worksheet":
        sheet = _SheetScan(limits, opening=True)
        if _parse(chunks(archive, info, limits), sheet, strict=False):
            return sheet.last_row, sheet.last_column
    else:
        _parse(chunks(archive, info, limits), _Scan(limits), strict=False)
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


def extent(chunks: Iterator[bytes], limits: Limits) -> tuple[int, int]:
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
