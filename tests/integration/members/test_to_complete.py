"""Members imported with a status whose date the file did not give: listed, then completed."""

from datetime import date

import sqlalchemy as sa

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import queries
from coop.members.models import Member
from tests.factories import login_as
from tests.integration.members.test_import import _csv, _upload

HEADER = "Número de socio;Nombres;Apellidos;Sexo;Fecha de ingreso;Estado"
ROWS = ["301;Ana;Ruiz;F;2010-01-01;retirada", "302;Luis;Sol;M;2012-01-01;suspendido"]


def _import(client):
    client.post(_upload(client, _csv(*ROWS, header=HEADER)).location + "/apply")


def _unknown_entry(app, number):
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.number == number))
        return member.id, next(c.id for c in member.history if c.date_unknown)


def test_the_board_completes_the_dates_one_by_one(app, client, world):
    login_as(client, "secretary")
    _import(client)
    listing = client.get("/o/coop-a/members/").get_data(as_text=True)
    assert "2 members have a status without its date" in listing
    page = client.get("/o/coop-a/members/to-complete").get_data(as_text=True)
    assert "Ruiz, Ana" in page and "Sol, Luis" in page and "Pérez 001" not in page
    member_id, entry_id = _unknown_entry(app, "301")
    url = f"/o/coop-a/members/{member_id}/history/{entry_id}/date"
    # Before joining: refused, nothing written.
    client.post(url, data={"effective_on": "2009-12-31", "next": "to_complete"})
    page = client.get("/o/coop-a/members/to-complete").get_data(as_text=True)
    assert "before the member joined" in page and "Ruiz, Ana" in page
    response = client.post(
        url, data={"effective_on": "2015-06-30", "decision": "Acta 7", "next": "to_complete"}
    )
    assert response.location.endswith("/members/to-complete")
    page = client.get(response.location).get_data(as_text=True)
    assert "Ruiz, Ana" not in page and "Sol, Luis" in page
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        ana = db.session.get(Member, member_id)
        unknown, dated = sorted(
            (c for c in ana.history if c.status == "withdrawn"), key=lambda c: c.id
        )
        assert unknown.date_unknown and unknown.id == entry_id  # kept as recorded
        assert (dated.effective_on, dated.corrects_id, dated.decision) == (
            date(2015, 6, 30),
            entry_id,
            "Acta 7",
        )
        active_2016 = set(db.session.scalars(queries.eligible_ids(org, date(2016, 1, 1), False)))
        assert ana.id not in active_2016
        assert queries.count_incomplete_members(org) == 1
    # Once dated, the entry cannot be completed again.
    client.post(url, data={"effective_on": "2014-01-01"})
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "This entry has no date to complete." in page


def test_a_date_after_it_was_recorded_is_refused(app, client, world):
    login_as(client, "secretary")
    _import(client)
    member_id, entry_id = _unknown_entry(app, "302")
    client.post(
        f"/o/coop-a/members/{member_id}/history/{entry_id}/date",
        data={"effective_on": date(2099, 1, 1).isoformat()},
    )
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "cannot be after the day the status was recorded" in page
    assert "Date unknown (recorded on" in page


def test_only_the_board_completes_and_only_its_own_members(app, client, world):
    login_as(client, "secretary")
    _import(client)
    member_id, entry_id = _unknown_entry(app, "301")
    client.post("/logout")
    login_as(client, "certifier")
    assert client.get("/o/coop-a/members/to-complete").status_code == 403
    url = f"/o/coop-a/members/{member_id}/history/{entry_id}/date"
    assert client.post(url, data={"effective_on": "2015-01-01"}).status_code == 403
    client.post("/logout")
    login_as(client, "secretary", "coop-b")
    other = f"/o/coop-b/members/{member_id}/history/{entry_id}/date"
    assert client.post(other, data={"effective_on": "2015-01-01"}).status_code == 404
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assert queries.count_incomplete_members(org) == 2
