import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.statutes.rules import SIMPLE_MAJORITY, Basis, MajorityRule, Outcome, Share
from coop.voting.rules import (
    RECEIPT_ALPHABET,
    Counts,
    ElectionMethod,
    VoteKind,
    check_marks,
    choose,
    elect,
    most_choices,
    receipt_code,
)

counts = st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(0, 50), min_size=1)


def test_an_election_fills_the_seats_and_reports_a_tie_across_the_last_one():
    assert elect({"a": 9, "b": 7, "c": 7, "d": 2}, seats=2).tied == ("b", "c")
    result = elect({"a": 9, "b": 7, "c": 7, "d": 2}, seats=2)
    assert result.elected == ("a",) and result.seats_in_tie == 1
    assert elect({"a": 9, "b": 7, "c": 7, "d": 2}, seats=3).elected == ("a", "b", "c")
    assert elect({"a": 3, "b": 0}, seats=2) == elect({"a": 3}, seats=2)
    assert elect({"a": 3, "b": 0}, seats=2).unfilled == 1


@given(counts, st.integers(1, 5))
def test_elections_never_elect_more_than_the_seats_and_never_a_candidate_without_votes(
    votes, seats
):
    result = elect(votes, seats)
    assert len(result.elected) + result.seats_in_tie + result.unfilled <= seats
    assert all(votes[key] > 0 for key in (*result.elected, *result.tied))
    if result.tied:
        # Everyone elected outright had more votes than everyone tied.
        assert min(votes[k] for k in result.elected or result.tied) >= votes[result.tied[0]]
        assert len(result.tied) > result.seats_in_tie
    else:
        assert len(result.elected) == min(seats, sum(1 for v in votes.values() if v > 0))


def test_a_choice_needs_the_statutes_majority_and_reports_a_tie():
    assert choose({"x": 6, "y": 3}, 0, SIMPLE_MAJORITY, 10, 20).chosen == "x"
    assert choose({"x": 5, "y": 3, "z": 2}, 0, SIMPLE_MAJORITY, 10, 20).outcome == Outcome.REJECTED
    assert choose({"x": 4, "y": 4}, 1, SIMPLE_MAJORITY, 10, 20).tied == ("x", "y")
    two_thirds_present = MajorityRule(Share(2, 3), Basis.PRESENT)
    assert choose({"x": 6, "y": 1}, 0, two_thirds_present, 10, 20).outcome == Outcome.REJECTED
    assert choose({"x": 0}, 3, SIMPLE_MAJORITY, 10, 20).outcome == Outcome.NO_VOTES


def test_ballot_marks_are_checked_against_the_options_and_their_number():
    assert check_marks([], {1, 2}, 1) is None  # blank
    assert check_marks([1], {1, 2}, 1) is None
    assert check_marks([3], {1, 2}, 1) == "unknown_option"
    assert check_marks([1, 2], {1, 2}, 1) == "too_many"
    assert check_marks([1, 1], {1, 2}, 2) == "repeated"
    assert most_choices(VoteKind.ELECTION, 6, 3, ElectionMethod.PLURALITY) == 3
    assert most_choices(VoteKind.ELECTION, 6, 3, ElectionMethod.APPROVAL) == 6
    assert most_choices(VoteKind.MOTION, 3, 1, ElectionMethod.PLURALITY) == 1


def test_counts_of_channels_add_up():
    total = Counts({"a": 3, "b": 1}, 1, 0) + Counts({"a": 2, "c": 4}, 0, 2)
    assert total == Counts({"a": 5, "b": 1, "c": 4}, 1, 2) and total.ballots == 13


def test_receipts_are_random_readable_codes():
    codes = {receipt_code() for _ in range(200)}
    assert len(codes) == 200 and all(set(c) <= set(RECEIPT_ALPHABET) for c in codes)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        elect({"a": -1}, 1)
    with pytest.raises(ValueError):
        choose({"a": -1}, 0, SIMPLE_MAJORITY, 1, 1)
