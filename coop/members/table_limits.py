"""How much of an uploaded spreadsheet is read before it is refused, and the refusal."""

from dataclasses import dataclass
from typing import Any

MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELLS = (MAX_ROWS + 1) * MAX_COLUMNS  # the header row too


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
