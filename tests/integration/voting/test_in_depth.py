"""Voting in depth: choices, elections with ties and officers, phones and paper in one result,
secret ballots with receipts, officers out of the vote on their own accounts."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from coop.assemblies import attendance, session
from coop.assemblies import services as assemblies
from coop.assemblies.models import ByLawAbstention
from coop.audit.models import AuditEvent
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.statutes.presets import BRAZIL, CUSTOM
from coop.statutes.rules import Outcome, Position, TieBreak
from coop.statutes.services import save_version
from coop.voting import counts, elections
from coop.voting import services as voting
from coop.voting.ballots import cast_ballot, published_receipts
from coop.voting.models import Ballot, Officer, Participation
from coop.voting.results import results_of
from coop.voting.rules import Channel, Counts, ElectionMethod
from tests.factories import (
    login_as,
    make_member,
    motion_tally,
    org_member,
    org_today,
    statements_of,
)

NUMBERS = [f"{n:03d}" for n in range(1, 6)]  # the world's five active members


def _in_session(org: Organization, decision_kind: str = "ordinary", statute=None):
    if statute is not None:
        save_version(org, date(2020, 1, 1), "custom", "", statute, None)
    assembly = assemblies.create_assembly(
        org, "ordinary", "Asamblea", datetime.now(UTC) - timedelta(minutes=5), "Sede", None
    )
    item = assemblies.add_item(org, assembly, "Punto", "decision", None, decision_kind)
    assemblies.convene(
        org,
        assembly,
        org_today() - timedelta(days=20),
        ["office", "newspaper", "letter"],
        "",
        None,
    )
    for number in NUMBERS:
        attendance.check_in(org, assembly, org_member(org, number), None)
    session.open_session(org, assembly, None)
    return assembly, item


@pytest.fixture
def org(app, world):
    with app.app_context():
        yield db.session.get(Organization, world.a.id)
        db.session.rollback()


def test_a_choice_among_options_needs_the_majority_and_reports_a_tie(org):
    assembly, item = _in_session(org)
    spec = voting.vote_spec(
        org,
        "choice",
        "¿Qué secadora?",
        "Solar | star\nGas\nLeña",
        ["electronic"],
        False,
        1,
        None,
        None,
    )
    vote = voting.open_vote(org, assembly, item, None, spec)
    db.session.flush()
    solar, gas, _wood = vote.options
    assert (solar.pictogram, solar.colour) == ("star", "blue")
    for number, option in zip(NUMBERS[:4], [solar, solar, gas, gas], strict=True):
        cast_ballot(org, vote, org_member(org, number), [option.id])
    voting.close_vote(org, assembly, vote, None)
    assert vote.outcome == Outcome.TIED and elections.tied_options(vote) == [solar.id, gas.id]
    # The statute settles ties by a run-off: a new vote among the tied, on the same item.
    runoff = voting.open_runoff(org, assembly, vote, None)
    db.session.flush()
    assert [o.label for o in runoff.options] == ["Solar", "Gas"] and runoff.follows_id == vote.id
    for number in NUMBERS[:3]:
        cast_ballot(org, runoff, org_member(org, number), [runoff.options[0].id])
    voting.close_vote(org, assembly, runoff, None)
    assert runoff.outcome == Outcome.APPROVED and runoff.options[0].elected


def test_an_election_seats_officers_and_a_tie_is_settled_by_lot(org):
    rules = CUSTOM.__class__(**{**CUSTOM.__dict__, "tie_break": TieBreak.LOT})
    assembly, item = _in_session(org, "election", rules)
    spec = voting.vote_spec(
        org, "election", "", "001\n002\n003", ["electronic"], True, 2, "plurality", "board"
    )
    vote = voting.open_vote(org, assembly, item, None, spec)
    db.session.flush()
    ana, jose, maria = vote.options
    assert vote.max_choices == 2 and vote.election_method == ElectionMethod.PLURALITY
    marks = {"001": [ana.id, jose.id], "002": [ana.id, maria.id], "003": [ana.id], "004": []}
    for number, chosen in marks.items():
        cast_ballot(org, vote, org_member(org, number), chosen)
    with pytest.raises(DomainError, match="Too many options"):
        cast_ballot(org, vote, org_member(org, "005"), [ana.id, jose.id, maria.id])
    voting.close_vote(org, assembly, vote, None)
    assert (ana.total, jose.total, maria.total, vote.blank) == (3, 1, 1, 1)
    assert vote.outcome == Outcome.TIED and ana.elected and not jose.elected
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Officer)) == 1
    with pytest.raises(DomainError, match="how the lots were drawn"):
        elections.settle_by_lot(org, assembly, vote, [jose.id], "", org_today(), None)
    elections.settle_by_lot(
        org, assembly, vote, [jose.id], "Papeles en un sombrero, la presidenta", org_today(), None
    )
    officers = db.session.scalars(sa.select(Officer).order_by(Officer.member_id)).all()
    assert [o.member.number for o in officers] == ["001", "002"]
    assert all(o.position == Position.BOARD and o.term_end > o.term_start for o in officers)
    result = results_of([assembly.id])[assembly.id][0]
    assert [o.label for o in result.elected] == [
        ana.label,
        jose.label,
    ] and result.tie_break == "lot"


def test_phones_and_paper_in_one_result_without_counting_anyone_twice(org):
    assembly, item = _in_session(org)
    vote = voting.open_vote(
        org, assembly, item, None, voting.VoteSpec(channels=(Channel.ELECTRONIC, Channel.PAPER))
    )
    db.session.flush()
    yes, no, _abstain = vote.options
    cast_ballot(org, vote, org_member(org, "001"), "yes")
    cast_ballot(org, vote, org_member(org, "002"), "no")
    with pytest.raises(DomainError, match="has already voted"):
        counts.record_paper_voters(org, vote, "001 003", None)
    assert counts.participants(vote) == {Channel.ELECTRONIC: 2}  # nothing of the refused sheet
    counts.record_paper_voters(org, vote, "003 004 005", None)
    with pytest.raises(DomainError, match="already cast"):
        cast_ballot(org, vote, org_member(org, "003"), "yes")
    counts.enter_counts(org, vote, Channel.PAPER, Counts({yes.id: 1, no.id: 1}, 0, 0), None)
    with pytest.raises(DomainError, match="2 paper ballots counted, but 3 members voted on paper"):
        voting.close_vote(org, assembly, vote, None)
    counts.enter_counts(org, vote, Channel.PAPER, Counts({yes.id: 1, no.id: 1}, 0, 1), None)
    voting.close_vote(org, assembly, vote, None)
    assert (
        motion_tally(vote).yes,
        motion_tally(vote).no,
        vote.spoiled,
        vote.outcome,
    ) == (
        2,
        2,
        1,
        Outcome.TIED,
    )


def test_a_secret_ballot_names_nobody_and_its_receipts_are_published_after_the_close(org):
    assembly, item = _in_session(org)
    vote = voting.open_vote(org, assembly, item, None, voting.VoteSpec(secret=True))
    db.session.flush()
    receipt = cast_ballot(org, vote, org_member(org, "001"), "yes")
    cast_ballot(org, vote, org_member(org, "002"), "no")
    ballot = db.session.get(Ballot, receipt)
    assert ballot.member_id is None and ballot.cast_by_id is None
    assert not any(column in Ballot.__table__.c for column in ("id", "cast_at", "created_at"))
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "ballot.cast"))
    assert "marks" not in event.data and "receipt" not in event.data  # only that they took part
    assert published_receipts(vote) == []  # nothing before the close
    assert results_of([assembly.id])[assembly.id][0].votes_cast == 0
    voting.close_vote(org, assembly, vote, None)
    published = {r.code: r.labels for r in published_receipts(vote)}
    assert published[receipt] == (vote.options[0].label,) and len(published) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participation)) == 2


def test_officers_do_not_vote_on_the_accounts_of_their_management_where_the_statute_says_so(org):
    assembly, item = _in_session(org, "accounts", BRAZIL)
    member = org_member(org, "001")
    db.session.add(
        Officer(
            organization_id=org.id,
            member_id=member.id,
            position=Position.BOARD,
            term_start=org_today() - timedelta(days=300),
            term_end=org_today() + timedelta(days=400),
        )
    )
    vote = voting.open_vote(org, assembly, item, None)
    db.session.flush()
    marked = db.session.scalars(sa.select(ByLawAbstention.member_id)).all()
    assert marked == [member.id]
    with pytest.raises(DomainError, match="By law this member does not vote"):
        cast_ballot(org, vote, member, "yes")
    for number in NUMBERS[1:4]:
        cast_ballot(org, vote, org_member(org, number), "yes")
    voting.close_vote(org, assembly, vote, None)
    assert vote.abstained_by_law == 1 and vote.outcome == Outcome.APPROVED


def test_candidates_beyond_the_statutes_consecutive_terms_are_refused(org):
    rules = CUSTOM.__class__(**{**CUSTOM.__dict__, "board_max_terms": 2})
    assembly, item = _in_session(org, "election", rules)
    member = org_member(org, "002")
    for years_ago in (4, 2):
        start = org_today() - timedelta(days=365 * years_ago)
        db.session.add(
            Officer(
                organization_id=org.id,
                member_id=member.id,
                position=Position.BOARD,
                term_start=start,
                term_end=start + timedelta(days=729),
            )
        )
    spec = voting.vote_spec(
        org, "election", "", "001\n002", ["electronic"], False, 1, "plurality", "board"
    )
    with pytest.raises(DomainError, match="2 consecutive terms"):
        voting.open_vote(org, assembly, item, None, spec)
    outsider = make_member(org, "777", status="suspended")
    spec = voting.vote_spec(
        org, "election", "", "777", ["electronic"], False, 1, "plurality", "board"
    )
    with pytest.raises(DomainError, match="cannot stand"):
        voting.open_vote(org, assembly, item, None, spec)
    assert outsider.number == "777"


def test_the_board_sets_up_a_paper_and_phone_choice_from_the_page(app, client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    for number in ("001", "002", "003"):
        client.post(f"{base}/attendance", data={"number": number})
    client.post(f"{base}/open")
    page = client.post(
        f"{base}/items/{world.a.decision_item_id}/new-vote",
        data={
            "kind": "choice",
            "question": "¿Cuál?",
            "options": "A | nope\nB",
            "channels": ["electronic", "paper"],
            "seats": "1",
            "method": "plurality",
        },
    )
    assert page.status_code == 400 and "Unknown pictogram or colour: nope" in page.get_data(
        as_text=True
    )
    response = client.post(
        f"{base}/items/{world.a.decision_item_id}/new-vote",
        data={
            "kind": "choice",
            "question": "¿Cuál?",
            "options": "A\nB",
            "channels": ["show_of_hands", "paper"],
            "seats": "1",
            "method": "plurality",
        },
    )
    assert "A show of hands is not mixed" in response.get_data(as_text=True)
    response = client.post(
        f"{base}/items/{world.a.decision_item_id}/new-vote",
        data={
            "kind": "choice",
            "question": "¿Cuál?",
            "options": "A\nB",
            "channels": ["electronic", "paper"],
            "seats": "1",
            "method": "plurality",
        },
    )
    assert response.status_code == 302
    assert "¿Cuál?" in client.get(base).get_data(as_text=True)
    # Counts that are not whole numbers are refused with a message, never a 500.
    with app.app_context():
        from coop.voting.models import Vote, VoteOption

        vote_id = db.session.scalar(sa.select(Vote.id))
        option_id = db.session.scalar(sa.select(VoteOption.id).where(VoteOption.vote_id == vote_id))
    bad = client.post(
        f"{base}/votes/{vote_id}/counts", data={"voters": "", f"option-{option_id}": "-3"}
    )
    assert bad.status_code == 400 and "whole numbers" in bad.get_data(as_text=True)
    for odd in ("²", "1_000"):  # a digit to str.isdigit that int() refuses; one int() takes
        bad = client.post(f"{base}/votes/{vote_id}/counts", data={"blank": odd})
        assert bad.status_code == 400 and "whole numbers" in bad.get_data(as_text=True)
    for page in ("counts", ""):
        assert client.get(f"{base}/votes/{vote_id}/{page}".rstrip("/")).status_code == 200
    assert client.get(f"{base}/items/{world.a.decision_item_id}/new-vote").status_code == 200
    # While the vote is open nobody sees its counts, not even the board.
    result = client.get(f"{base}/votes/{vote_id}").get_data(as_text=True)
    assert "The counts are shown when the vote closes." in result


def test_a_box_of_paper_ballots_is_ticked_off_in_the_same_statements_however_full(app, org):
    """Numbers are looked up, and each member's standing found, a thousand at a time: one
    voter or the whole room cost the same statements. A wrong number or a member not in the
    room refuses the whole list, and nothing is written."""
    assembly, item = _in_session(org)
    make_member(org, "050")  # on the register, not in the room
    vote = voting.open_vote(org, assembly, item, None, voting.VoteSpec(channels=(Channel.PAPER,)))
    db.session.flush()
    with pytest.raises(DomainError, match="No member has number 999"):
        counts.record_paper_voters(org, vote, "001 999 002", None)
    with pytest.raises(DomainError, match="is not in the room"):
        counts.record_paper_voters(org, vote, "001, 050; 002", None)
    assert counts.participants(vote) == {}
    one = statements_of(app, lambda: counts.record_paper_voters(org, vote, "001", None))
    rest = " ".join(NUMBERS[1:])
    four = statements_of(app, lambda: counts.record_paper_voters(org, vote, rest, None))
    assert len(four) == len(one)
    assert counts.participants(vote) == {Channel.PAPER: len(NUMBERS)}
