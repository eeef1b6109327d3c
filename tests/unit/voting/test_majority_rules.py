import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.statutes.rules import SIMPLE_MAJORITY
from coop.voting.rules import Outcome, Tally, outcome


def simple_majority(result: Tally) -> Outcome:
    # Votes cast are the base: present and members play no part.
    return outcome(result, SIMPLE_MAJORITY, 0, 0)


counts = st.integers(0, 10_000)


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "outcome"),
    [
        (10, 5, 0, Outcome.APPROVED),
        (5, 10, 0, Outcome.REJECTED),
        (5, 5, 3, Outcome.TIED),
        (0, 0, 7, Outcome.NO_VOTES),
        (1, 0, 50, Outcome.APPROVED),
    ],
)
def test_simple_majority_of_votes_cast(yes, no, abstain, outcome):
    assert simple_majority(Tally(yes, no, abstain)) is outcome


@given(yes=counts, no=counts, abstain=counts)
def test_abstentions_never_change_the_outcome(yes, no, abstain):
    assert simple_majority(Tally(yes, no, abstain)) == simple_majority(Tally(yes, no, 0))


@given(yes=counts, no=counts, abstain=counts)
def test_approved_iff_more_yes_than_no(yes, no, abstain):
    assert (simple_majority(Tally(yes, no, abstain)) is Outcome.APPROVED) == (yes > no)


def test_tally_refuses_negative_counts():
    with pytest.raises(ValueError):
        Tally(-1, 0, 0)
