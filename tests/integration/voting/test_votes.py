import re

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coop.core.extensions import db
from coop.voting.models import Ballot, Vote
from coop.voting.rules import Outcome, Tally
from tests.factories import login_as, login_member, motion_tally, open_session


def _base(world):
    return f"/o/coop-a/assemblies/{world.a.assembly_id}"


def _check_in(client, world, *numbers):
    for number in numbers:
        client.post(f"{_base(world)}/attendance", data={"number": number})


def _vote(app, world) -> Vote:
    with app.app_context():
        return db.session.scalar(
            sa.select(Vote)
            .where(Vote.agenda_item_id == world.a.decision_item_id)
            .options(selectinload(Vote.options))
        )


def test_show_of_hands_is_stored_with_outcome_and_quorum(app, client, world):
    login_as(client, "secretary")
    open_session(client, world, "001", "002", "003", "004")
    url = f"{_base(world)}/items/{world.a.decision_item_id}/hands"
    assert client.post(url, data={"yes": 3, "no": 1, "abstain": 0}).status_code == 302
    vote = _vote(app, world)
    assert (motion_tally(vote, app), vote.outcome) == (Tally(3, 1, 0), Outcome.APPROVED)
    assert (vote.present_at_vote, vote.quorum_required, vote.eligible_at_vote) == (4, 3, 5)
    assert vote.majority_rule == ">1/2 votes_cast"
    assert "Approved" in client.get(_base(world)).get_data(as_text=True)


def test_show_of_hands_cannot_count_more_votes_than_members_present(app, client, world):
    login_as(client, "secretary")
    open_session(client, world, "001", "002", "003")
    url = f"{_base(world)}/items/{world.a.decision_item_id}/hands"
    response = client.post(url, data={"yes": 5, "no": 0, "abstain": 0})
    assert "5 votes counted, but only 3 members are present." in response.get_data(as_text=True)
    response = client.post(url, data={"yes": -1, "no": "x", "abstain": ""})
    assert response.status_code == 400
    assert _vote(app, world) is None


def test_information_items_are_not_voted(client, world):
    login_as(client, "secretary")
    open_session(client, world, "001", "002", "003")
    client.post(f"{_base(world)}/items/{world.a.info_item_id}/open-vote")
    assert "for information only" in client.get(_base(world)).get_data(as_text=True)


def test_electronic_vote_from_open_to_close(app, client, world):
    login_as(client, "secretary")
    open_session(client, world, "001", "002", "003")
    client.post(f"{_base(world)}/items/{world.a.decision_item_id}/open-vote")
    vote = _vote(app, world)
    assert vote.is_open
    client.post("/logout")

    login_member(client)
    ballot_page = client.get(f"{_base(world)}/ballot").get_data(as_text=True)
    assert "Estados financieros" in ballot_page
    # The answer is the receipt itself: no redirect, which costs a round trip on 2G.
    response = client.post(
        f"{_base(world)}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "no"}
    )
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    page = " ".join(response.get_data(as_text=True).split())
    assert "Your vote is recorded" in page and "NO</strong> on: Estados financieros" in page
    assert re.search(r'class="receipt">[2-9A-Z]{10}<', page)
    again = client.get(f"{_base(world)}/ballot").get_data(as_text=True)
    assert "You have voted in every open vote" in again
    # A second ballot (or the same form sent again) is refused and the first one stands.
    client.post(f"{_base(world)}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "yes"})
    assert "This ballot is already cast." in client.get(f"{_base(world)}/ballot").get_data(
        as_text=True
    )
    client.post("/logout")

    login_as(client, "secretary")
    client.post(f"{_base(world)}/votes/{vote.id}/close")
    vote = _vote(app, world)
    assert (motion_tally(vote, app), vote.outcome) == (Tally(0, 1, 0), Outcome.REJECTED)
    assert vote.present_at_vote == 3
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1


def test_ballot_needs_check_in_an_open_vote_and_a_valid_choice(app, client, world):
    login_as(client, "secretary")
    open_session(client, world, "002", "003", "004")
    client.post(f"{_base(world)}/items/{world.a.decision_item_id}/open-vote")
    vote = _vote(app, world)
    client.post("/logout")
    login_member(client)
    client.post(f"{_base(world)}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "yes"})
    assert "Check in at the assembly before voting." in client.get(
        f"{_base(world)}/ballot"
    ).get_data(as_text=True)
    client.post(f"{_base(world)}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "maybe"})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0


def test_board_accounts_without_a_member_record_cannot_cast_ballots(client, world):
    login_as(client, "admin")
    assert client.get(f"{_base(world)}/ballot").status_code == 403


def test_members_of_another_organization_cannot_vote_here(app, client, world):
    login_as(client, "secretary")
    open_session(client, world, "001", "002", "003")
    client.post(f"{_base(world)}/items/{world.a.decision_item_id}/open-vote")
    vote = _vote(app, world)
    client.post("/logout")
    login_member(client, slug="coop-b")
    response = client.post(
        f"{_base(world)}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "yes"}
    )
    assert response.status_code == 404
    other = f"/o/coop-b/assemblies/{world.a.assembly_id}/votes/{vote.id}/ballot"
    assert client.post(other, data={"choice": "yes"}).status_code == 404


def test_the_assembly_cannot_close_while_a_vote_is_open(app, client, world):
    login_as(client, "secretary")
    open_session(client, world, "001", "002", "003")
    client.post(f"{_base(world)}/items/{world.a.decision_item_id}/open-vote")
    client.post(f"{_base(world)}/close")
    assert "Close the open votes" in client.get(_base(world)).get_data(as_text=True)
    vote = _vote(app, world)
    client.post(f"{_base(world)}/votes/{vote.id}/close")
    assert client.post(f"{_base(world)}/close").status_code == 302
    client.post("/logout")
    login_member(client)
    client.post(f"{_base(world)}/votes/{vote.id}/ballot", data={"confirm": "1", "choice": "yes"})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0
