from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coop.members.rules import (
    HistoryEntry,
    MemberStatus,
    admission_of,
    first_later_change,
    in_force,
    number_sort_key,
    same_person,
)

ACTIVE, WITHDRAWN = MemberStatus.ACTIVE, MemberStatus.WITHDRAWN


def test_numbers_sort_as_numbers_when_they_are_digits():
    numbers = ["0010", "00009", "2", "011", "A-10", "A-9", "B1"]
    expected = ["2", "00009", "0010", "011", "A-9", "A-10", "B1"]
    assert sorted(numbers, key=number_sort_key) == expected


@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=2, max_size=20), st.data())
def test_digit_numbers_sort_by_value_whatever_their_zeros(values, data):
    written = [str(v).zfill(data.draw(st.integers(0, 14))) for v in values]
    ordered = sorted(written, key=number_sort_key)
    assert [int(n) for n in ordered] == sorted(values)


def test_another_person_is_one_whose_name_and_id_both_differ():
    assert not same_person("Óscar Ibáñez Hernández", "OIH1", "Rosa Díaz Cruz", "RDC9")
    assert same_person("Rosa Diaz  Cruz", "OIH1", "Rosa Díaz Cruz", "RDC9")  # a new ID
    assert same_person("Rosa Díaz Pérez", "rdc9", "Rosa Díaz Cruz", "RDC9")  # a new name
    assert same_person("Óscar Ibáñez", None, "Rosa Díaz Cruz", "RDC9")  # no ID to compare


def test_a_correction_takes_the_place_of_the_entry_it_corrects():
    entries = [
        HistoryEntry(1, ACTIVE, date(1999, 3, 1)),
        HistoryEntry(2, WITHDRAWN, date(2026, 5, 1), date_unknown=True),
        HistoryEntry(3, ACTIVE, date(2004, 3, 1), corrects_id=1),
        HistoryEntry(4, WITHDRAWN, date(2015, 2, 1), corrects_id=2),
    ]
    assert [e.id for e in in_force(entries)] == [3, 4]
    assert admission_of(entries).id == 3
    assert first_later_change(entries) == date(2015, 2, 1)
    corrected_twice = [*entries, HistoryEntry(5, ACTIVE, date(2003, 1, 1), corrects_id=3)]
    assert admission_of(corrected_twice).id == 5


def test_a_lone_admission_has_no_later_change():
    entries = [HistoryEntry(7, ACTIVE, date(2010, 1, 1))]
    assert in_force(entries) == entries
    assert admission_of(entries) == entries[0]
    assert first_later_change(entries) is None
    assert admission_of([]) is None


@given(st.lists(st.text(max_size=30), min_size=5, max_size=5))
def test_the_search_text_folded_at_once_is_the_search_key(parts):
    from coop.members.rules import SEARCHED_FIELDS, member_search_text, search_key

    values = dict(zip(SEARCHED_FIELDS, parts, strict=True))
    assert member_search_text(values) == search_key(*parts)[:600]
