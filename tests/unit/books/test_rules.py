from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coop.books.rules import (
    BALLOTS_PER_SHEET,
    MAX_BALLOTS,
    StatusEntry,
    ballot_copies,
    book_year,
    exit_entry,
)


def test_ballots_for_every_voter_in_whole_sheets():
    assert ballot_copies(None, 37) == 38
    assert ballot_copies(None, 0) == 2
    assert ballot_copies(5, 37) == 6
    assert ballot_copies(0, 3) == 4
    assert ballot_copies(None, 5000) == MAX_BALLOTS


@given(st.one_of(st.none(), st.integers(-10, 10_000)), st.integers(0, 100_000))
def test_ballot_copies_are_bounded_whole_sheets(asked, voters):
    copies = ballot_copies(asked, voters)
    assert BALLOTS_PER_SHEET <= copies <= MAX_BALLOTS and copies % BALLOTS_PER_SHEET == 0
    if asked and 0 < asked <= MAX_BALLOTS:
        assert asked <= copies < asked + BALLOTS_PER_SHEET


def test_the_register_shows_the_exit_in_force():
    joined = StatusEntry("active", date(2010, 1, 1), "", "Acta 3")
    left = StatusEntry("withdrawn", date(2020, 5, 1), "Renuncia", "Acta 40")
    back = StatusEntry("active", date(2021, 5, 1), "", "Acta 44")
    assert exit_entry([joined, left]) == left
    assert exit_entry([joined, left, back]) is None
    assert exit_entry([]) is None


def test_book_year():
    today = date(2026, 3, 15)
    assert book_year(None, today) == 2026
    assert book_year(2019, today) == 2019
    assert book_year(12, today) == 2026
