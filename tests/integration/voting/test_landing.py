"""A member who logs in while they may vote sees the ballot at once."""

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.voting.landing import assembly_to_vote_in
from tests.factories import login_as, login_member, open_session, org_member


def _open_vote(client, world, *numbers: str) -> str:
    login_as(client, "secretary")
    base = open_session(client, world, *numbers)
    client.post(f"{base}/items/{world.a.decision_item_id}/open-vote")
    client.post("/logout")
    return base


def test_the_login_answers_with_the_ballot_while_a_vote_is_open(client, world):
    _open_vote(client, world, "001", "002", "003")
    response = login_member(client)
    # The ballot itself, not a redirect to it: one round trip less on 2G.
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Estados financieros" in page and 'value="yes"' in page
    assert f"/assemblies/{world.a.assembly_id}/votes/" in page
    # The menu is there as on any page of the organization.
    assert 'aria-label="Main menu"' in page and "/o/coop-a/assemblies/" in page


def test_without_an_open_vote_the_member_goes_home(client, world):
    login_as(client, "secretary")
    open_session(client, world, "001", "002", "003")
    client.post("/logout")
    response = login_member(client)
    assert response.status_code == 302 and response.location == "/o/coop-a/"


def test_a_member_not_checked_in_goes_home(client, world):
    _open_vote(client, world, "002", "003", "004")
    response = login_member(client)
    assert response.status_code == 302 and response.location == "/o/coop-a/"


def test_the_page_asked_for_comes_first(client, world):
    _open_vote(client, world, "001", "002", "003")
    response = client.post(
        "/o/coop-a/login?next=/o/coop-a/statute/", data={"number": "001", "pin": "246810"}
    )
    assert response.status_code == 302 and response.location == "/o/coop-a/statute/"


def test_logins_that_land_on_the_ballot_do_not_count_as_failures(app, client, world):
    _open_vote(client, world, "001", "002", "003")
    app.config["LOGIN_LIMIT_PER_PERSON_AND_ADDRESS"] = "2 per 15 minutes"
    try:
        for _ in range(3):
            assert login_member(client).status_code == 200
            client.post("/logout")
        for _ in range(2):
            assert login_member(client, pin="000000").status_code == 400
        assert login_member(client).status_code == 429
    finally:
        app.config["LOGIN_LIMIT_PER_PERSON_AND_ADDRESS"] = "5 per 15 minutes"


def test_only_this_organizations_assemblies(app, client, world):
    _open_vote(client, world, "001", "002", "003")
    with app.app_context():
        other = db.session.get(Organization, world.b.id)
        assert assembly_to_vote_in(other, org_member(other, "001")) is None
        mine = db.session.get(Organization, world.a.id)
        assert assembly_to_vote_in(mine, org_member(mine, "001")).id == world.a.assembly_id
