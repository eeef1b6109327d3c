"""Register facts decided on plain values: statuses, ages, small-producer classification."""

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_STATED = "not_stated"


class MemberStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    EXCLUDED = "excluded"
    DECEASED = "deceased"


class Product(enum.StrEnum):
    COFFEE = "coffee"
    CACAO = "cacao"
    HONEY = "honey"
    SUGAR_CANE = "sugar_cane"
    BANANA = "banana"
    OTHER = "other"


class Certification(enum.StrEnum):
    ORGANIC = "organic"
    SPP = "spp"
    FAIR_TRADE = "fair_trade"


# Members who count for quorum and may vote, unless a statute says otherwise.
VOTING_STATUSES = frozenset({MemberStatus.ACTIVE})
# Statuses a member leaves the organization with; a reason must be recorded.
EXIT_STATUSES = frozenset({MemberStatus.WITHDRAWN, MemberStatus.EXCLUDED, MemberStatus.DECEASED})

# Starting points from the SPP standard; every organization edits its own.
DEFAULT_MAX_AREA_HA = Decimal("15")
DEFAULT_MAX_HIVES = 500
MIN_YEAR_OF_BIRTH = 1900


def normalize_number(raw: str) -> str:
    """Member numbers are compared without surrounding spaces, case-insensitively."""
    return raw.strip().upper()


def numbers_in(text: str) -> list[str]:
    """The member numbers written in `text` (a sheet copied out, or pasted), separated by
    spaces, commas or semicolons; normalized, each once, in the order written."""
    return list(dict.fromkeys(normalize_number(n) for n in re.split(r"[\s,;]+", text) if n))


def number_sort_key(number: str) -> str:
    """The order numbers are listed in: runs of digits by their value, so "00009" comes
    before "0010" and "A-9" before "A-10"; the rest by its letters."""
    parts = []
    for run in re.findall(r"\d+|\D+", fold(number)):
        if run.isdigit():
            digits = run.lstrip("0") or "0"
            parts.append(f"{len(digits):02d}{digits}")
        else:
            parts.append(run)
    return "".join(parts)


@lru_cache(maxsize=8192)
def _fold_accented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case without accents, for searching: "José Núñez" -> "jose nunez"."""
    if text.isascii():  # numbers and most words: nothing to take off, and not cached
        return text.lower()
    return _fold_accented(text)


def search_key(*parts: str | None) -> str:
    """The folded text a member is found by."""
    return " ".join(fold(p) for p in parts if p)


SEARCHED_FIELDS = ("number", "given_names", "surnames", "community", "group_name")


def member_search_text(values: dict[str, object]) -> str:
    """The folded text a member is found by, from their fields."""
    return search_key(*(str(values.get(k) or "") for k in SEARCHED_FIELDS))[:600]


def age_on(day: date, birth_date: date | None, birth_year: int | None) -> int | None:
    """Age in whole years on `day`; from the year alone, the age reached during that year."""
    if birth_date is not None:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return day.year - birth_date.year - before_birthday
    if birth_year is not None:
        return day.year - birth_year
    return None


class AgeBand(enum.StrEnum):
    YOUNG = "young"
    ADULT = "adult"
    ELDER = "elder"
    UNKNOWN = "unknown"


ELDER_FROM = 60


def age_band(age: int | None, youth_max_age: int) -> AgeBand:
    """Young up to the organization's youth age, elder from 60, adult between."""
    if age is None:
        return AgeBand.UNKNOWN
    if age <= youth_max_age:
        return AgeBand.YOUNG
    return AgeBand.ELDER if age >= ELDER_FROM else AgeBand.ADULT


@dataclass(frozen=True)
class Threshold:
    """The largest production a small producer may have of one product."""

    max_area_ha: Decimal | None
    max_hives: int | None = None


@dataclass(frozen=True)
class UnitFacts:
    product: Product
    product_area_ha: Decimal | None
    hives: int | None


def is_small_producer(
    units: Iterable[UnitFacts], thresholds: dict[Product, Threshold]
) -> bool | None:
    """Small when, product by product, the member's plots together stay within every limit;
    None when the register has no production unit."""
    areas: dict[Product, Decimal] = {}
    hives: dict[Product, int] = {}
    for unit in units:
        areas[unit.product] = areas.get(unit.product, Decimal(0)) + (unit.product_area_ha or 0)
        hives[unit.product] = hives.get(unit.product, 0) + (unit.hives or 0)
    if not areas:
        return None
    for product, area in areas.items():
        limit = thresholds.get(product)
        if limit is None:
            continue
        if limit.max_area_ha is not None and area > limit.max_area_ha:
            return False
        if limit.max_hives is not None and hives[product] > limit.max_hives:
            return False
    return True


@dataclass(frozen=True)
class ProducerSizes:
    small: int
    not_small: int
    unknown: int

    @property
    def known(self) -> int:
        return self.small + self.not_small

    @property
    def fraction(self) -> float | None:
        """The share of small producers among members whose production is recorded."""
        return self.small / self.known if self.known else None


def same_person(
    name: str, national_id: str | None, other_name: str, other_national_id: str | None
) -> bool:
    """False when both the name and the national ID differ: another person under the same
    number. An ID missing on either side cannot tell them apart, nor can a changed name."""
    names_differ = " ".join(fold(name).split()) != " ".join(fold(other_name).split())
    ids_differ = bool(national_id and other_national_id) and (
        normalize_number(national_id or "") != normalize_number(other_national_id or "")
    )
    return not (names_differ and ids_differ)


@dataclass(frozen=True)
class HistoryEntry:
    """An entry of a member's status history, as plain values."""

    id: int
    status: MemberStatus
    effective_on: date
    corrects_id: int | None = None
    date_unknown: bool = False


@dataclass(frozen=True)
class Correction:
    """A new history entry giving the right date of an earlier one, which it names."""

    corrects_id: int
    status: MemberStatus
    effective_on: date
    was: date | None  # the date it corrects; None when it was not known
    what: str  # "join_date" or "status_date"


def in_force(entries: Iterable[HistoryEntry]) -> list[HistoryEntry]:
    """The entries no later entry corrects, by date then by order of recording."""
    entries = list(entries)
    if len(entries) < 2:
        return entries
    corrected = {e.corrects_id for e in entries if e.corrects_id is not None}
    kept = [e for e in entries if e.id not in corrected]
    return sorted(kept, key=lambda e: (e.effective_on, e.id))


def admission_of(entries: Iterable[HistoryEntry]) -> HistoryEntry | None:
    """The entry in force that records the admission: the first one, or its latest correction."""
    entries = list(entries)
    if len(entries) < 2:
        return entries[0] if entries else None
    by_corrected = {e.corrects_id: e for e in entries if e.corrects_id is not None}
    current = min(entries, key=lambda e: e.id)
    while current.id in by_corrected:
        current = by_corrected[current.id]
    return current


def first_later_change(entries: Iterable[HistoryEntry]) -> date | None:
    """The date of the earliest change in force after the admission, which a corrected join
    date may not pass."""
    entries = list(entries)
    if len(entries) < 2:
        return None
    admission = admission_of(entries)
    later = [e.effective_on for e in in_force(entries) if admission is None or e.id != admission.id]
    return min(later) if later else None
