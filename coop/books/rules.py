"""Plain decisions about the books and papers: how many ballots to print, which exits the
register shows, the years a book may cover."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

# Ballots are printed two to a sheet (A5 halves of an A4 page), to be cut.
BALLOTS_PER_SHEET = 2
# More ballots than this are photocopied, not rendered: a PDF of thousands of pages helps
# nobody and keeps a worker busy.
MAX_BALLOTS = 400


def ballot_copies(asked: int | None, voters: int) -> int:
    """How many ballots to print: as many as asked, else one per member entitled to vote;
    whole sheets, at least one, never more than MAX_BALLOTS."""
    wanted = asked if asked is not None and asked > 0 else voters
    wanted = max(BALLOTS_PER_SHEET, min(wanted, MAX_BALLOTS))
    return -(-wanted // BALLOTS_PER_SHEET) * BALLOTS_PER_SHEET


@dataclass(frozen=True)
class StatusEntry:
    """One entry of a member's status history."""

    status: str
    effective_on: date
    reason: str
    decision: str


EXITS = frozenset({"withdrawn", "excluded", "deceased"})


def exit_entry(history: Sequence[StatusEntry]) -> StatusEntry | None:
    """The entry by which a member left the organization, if their latest status is an exit."""
    if history and history[-1].status in EXITS:
        return history[-1]
    return None


def book_year(asked: int | None, today: date) -> int:
    """The year a book covers: the one asked, if sane, else the current one."""
    if asked is not None and 1900 <= asked <= today.year + 1:
        return asked
    return today.year
