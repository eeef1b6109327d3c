"""The register's columns as spreadsheets hold them: which header is which, and cell parsers.

Pure: cells are strings in, typed values out; a refused cell raises CellError with a code
that the import pages translate (see members/register_labels.py). The words themselves
(header aliases, values) are data, in members/column_aliases.py.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from coop.members import column_aliases as aliases
from coop.members.rules import fold, normalize_number


class CellError(ValueError):
    """A cell that cannot be read; `code` names the message, `params` fill it."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


MIN_YEAR = 1900
MAX_YEAR = 2100
NUMBER = re.compile(r"^[\w-]{1,20}$")


def text(max_len: int) -> Callable[[str], str]:
    def parse(cell: str) -> str:
        if len(cell) > max_len:
            raise CellError("too_long", max=max_len)
        return cell

    return parse


def member_number(cell: str) -> str:
    number = normalize_number(cell)
    if not NUMBER.match(number):
        raise CellError("bad_number_format")
    return number


DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
)


def _read_date(cell: str) -> date:
    cell = cell.split(" ")[0].split("T")[0]  # spreadsheets append a midnight time
    for pattern in DATE_PATTERNS:
        match = pattern.match(cell)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise CellError("bad_date")


def parse_date(cell: str, today: date) -> date:
    """ISO (2020-03-14) or day first (14/03/2020, 14-03-2020, 14.03.2020), not in the future."""
    value = _read_date(cell)
    if not value.year >= MIN_YEAR or value > today:
        raise CellError("date_out_of_range", year=MIN_YEAR)
    return value


def parse_any_date(cell: str) -> date:
    """A date that may lie ahead, such as the day dues are paid up to."""
    value = _read_date(cell)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise CellError("date_outside", low=MIN_YEAR, high=MAX_YEAR)
    return value


def parse_birth(cell: str, today: date) -> tuple[date | None, int]:
    """A full date of birth, or only its year."""
    if re.fullmatch(r"\d{4}", cell):
        year = int(cell)
        if not MIN_YEAR <= year <= today.year:
            raise CellError("date_out_of_range", year=MIN_YEAR)
        return None, year
    value = parse_date(cell, today)
    return value, value.year


THOUSAND_OR_DECIMAL = re.compile(r"-?[1-9]\d{0,2}[.,]\d{3}")


def parse_decimal(cell: str, low: Decimal, high: Decimal) -> Decimal:
    """A number written with a decimal comma or point: 1,5 / 1.5 / 1.234,5 / 1,234.5."""
    raw = cell.replace(" ", "").replace("\u00a0", "")
    separators = [c for c in raw if c in ",."]
    if len(separators) == 1 and THOUSAND_OR_DECIMAL.fullmatch(raw):
        # 1.234 is a thousand in Spanish and Portuguese and one and a bit in English.
        raise CellError("ambiguous_number")
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    else:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise CellError("bad_decimal") from None
    if not value.is_finite() or not low <= value <= high:
        raise CellError("out_of_range", low=low, high=high)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_count(cell: str, high: int) -> int:
    value = parse_decimal(cell, Decimal(0), Decimal(high))
    if value != value.to_integral_value():
        raise CellError("not_whole")
    return int(value)


def _words(mapping: dict[Any, tuple[str, ...]]) -> dict[str, Any]:
    return {fold(word): value for value, words in mapping.items() for word in words}


SEX_WORDS = _words(aliases.SEX_WORDS)
STATUS_WORDS = _words(aliases.STATUS_WORDS)
PRODUCT_WORDS = _words(aliases.PRODUCT_WORDS)
YES_NO_WORDS = _words(aliases.YES_NO_WORDS)
CERTIFICATION_WORDS = _words(aliases.CERTIFICATION_WORDS)


def word(mapping: dict[str, Any]) -> Callable[[str], Any]:
    def parse(cell: str) -> Any:
        try:
            return mapping[fold(cell)]
        except KeyError:
            raise CellError("unknown_word") from None

    return parse


def certifications(cell: str) -> list[str]:
    parse = word(CERTIFICATION_WORDS)
    found = {parse(part.strip()) for part in re.split(r"[,;/+|]", cell) if part.strip()}
    return sorted(c.value for c in found)


@dataclass(frozen=True)
class Column:
    """One column of the register's spreadsheet layout."""

    key: str
    aliases: tuple[str, ...]
    required: bool = False
    unit: bool = False  # belongs to the production unit, not to the member
    parse: Callable[..., Any] = field(default=text(200))
    needs_today: bool = False


AREA_MAX = Decimal("10000")
VOLUME_MAX = Decimal("10000000")


def _area(cell: str) -> Decimal:
    return parse_decimal(cell, Decimal(0), AREA_MAX)


def _volume(cell: str) -> Decimal:
    return parse_decimal(cell, Decimal(0), VOLUME_MAX)


def _hives(cell: str) -> int:
    return parse_count(cell, 100_000)


def _column(key: str, **options: Any) -> Column:
    return Column(key, aliases.HEADER_ALIASES[key], **options)


COLUMNS: tuple[Column, ...] = (
    _column("number", required=True, parse=member_number),
    _column("given_names", required=True, parse=text(120)),
    _column("surnames", required=True, parse=text(120)),
    _column("national_id", parse=text(40)),
    _column("sex", parse=word(SEX_WORDS)),
    _column("birth", parse=parse_birth, needs_today=True),
    _column("community", parse=text(120)),
    _column("group", parse=text(120)),
    _column("phone", parse=text(40)),
    _column("joined_on", required=True, parse=parse_date, needs_today=True),
    _column("admission_decision", parse=text(200)),
    _column("status", parse=word(STATUS_WORDS)),
    _column("status_since", parse=parse_date, needs_today=True),
    _column("in_good_standing", parse=word(YES_NO_WORDS)),
    _column("dues_paid_until", parse=parse_any_date),
    _column("product", unit=True, parse=word(PRODUCT_WORDS)),
    _column("total_area_ha", unit=True, parse=_area),
    _column("product_area_ha", unit=True, parse=_area),
    _column("hives", unit=True, parse=_hives),
    _column("certifications", unit=True, parse=certifications),
    _column("yearly_volume_kg", unit=True, parse=_volume),
)
BY_KEY = {column.key: column for column in COLUMNS}


UNIT_WORDS = r"(?:ha|has|hectareas?|hectares?|kg|kgs|kilos?|quilos?)"
TRAILING_UNIT = re.compile(rf"(?: (?:en|em|in))? {UNIT_WORDS}$")


def header_key(header: str) -> str:
    """A header folded for matching: accents, case, punctuation and a trailing unit dropped,
    so "Área del producto (ha)", "AREA DEL PRODUCTO" and "area del producto en ha" agree."""
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(header)).split())
    return TRAILING_UNIT.sub("", words) or words


def match_headers(headers: list[str], extra: dict[str, set[str]] | None = None) -> list[str | None]:
    """The column key each header stands for, or None when it is not recognized."""
    known: dict[str, str] = {}
    for column in COLUMNS:
        names = [column.key, *column.aliases, *sorted((extra or {}).get(column.key, set()))]
        for name in names:
            known.setdefault(header_key(name), column.key)
    keys: list[str | None] = []
    for header in headers:
        key = known.get(header_key(header))
        keys.append(key if key not in keys else None)  # a column counts once
    return keys
