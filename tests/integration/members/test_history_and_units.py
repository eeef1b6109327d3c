from datetime import date, timedelta

import sqlalchemy as sa

from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import queries
from coop.members.models import Member, MemberStatusChange
from tests.factories import login_as, login_member, org_today


def _status(client, member_id, **data):
    form = {
        "status": "suspended",
        "effective_on": "2024-05-01",
        "reason": "Adeuda aportes",
        "decision": "Acta 40",
        **data,
    }
    client.post(f"/o/coop-a/members/{member_id}/status", data=form)
    return client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)


def test_status_changes_are_added_never_overwritten(app, client, world):
    login_as(client, "secretary")
    member_id = world.a.member_ids["002"]
    _status(client, member_id)
    page = _status(
        client,
        member_id,
        status="active",
        effective_on="2024-09-01",
        reason="Pagó",
        decision="Acta 42",
    )
    assert "Adeuda aportes" in page and "Pagó" in page
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.status == "active"
        assert [c.status for c in member.history] == ["active", "suspended", "active"]
        events = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "member.status_changed", AuditEvent.object_id == member_id)
            .order_by(AuditEvent.id)  # PostgreSQL returns rows in no set order without it
        ).all()
        assert [(e.data["before"], e.data["after"]) for e in events] == [
            ("active", "suspended"),
            ("suspended", "active"),
        ]


def test_status_change_refusals(app, client, world):
    login_as(client, "secretary")
    member_id = world.a.member_ids["002"]
    future = (org_today() + timedelta(days=5)).isoformat()
    assert "the date is in the future" in _status(client, member_id, effective_on=future).lower()
    assert "before the member joined" in _status(client, member_id, effective_on="2010-01-01")
    assert "Record the reason" in _status(client, member_id, status="excluded", reason="")
    assert "already has this status" in _status(client, member_id, status="active")
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(MemberStatusChange)
                .where(MemberStatusChange.member_id == member_id)
            )
            == 1
        )


def test_who_was_active_on_a_date(app, client, world):
    login_as(client, "secretary")
    _status(
        client,
        world.a.member_ids["002"],
        status="withdrawn",
        effective_on="2024-05-01",
        reason="Renuncia",
    )
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        # 900 was suspended in 2020; 002 left in May 2024.
        assert _entitled(org, date(2019, 6, 1)) == 6
        assert _entitled(org, date(2024, 4, 30)) == 5
        assert _entitled(org, date(2024, 5, 1)) == 4
        assert _entitled(org, date(2014, 12, 31)) == 0
        # Scoped: the other organization's members never count here.
        other = db.session.get(Organization, world.b.id)
        assert _entitled(other, date(2024, 5, 1)) == 5


def test_production_units_with_decimal_commas(app, client, world):
    login_as(client, "secretary")
    member_id = world.a.member_ids["003"]
    url = f"/o/coop-a/members/{member_id}/units"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        data={
            "units-0-product": "coffee",
            "units-0-total_area_ha": "3,5",
            "units-0-product_area_ha": "2,25",
            "units-0-organic": "y",
            "units-0-spp": "y",
            "units-1-product": "honey",
            "units-1-hives": "40",
            "units-2-product": "",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert [
            (u.product, str(u.product_area_ha), u.hives, u.certifications) for u in member.units
        ] == [("coffee", "2.25", None, ["organic", "spp"]), ("honey", "None", 40, [])]
    page = client.get(f"/o/coop-a/members/{member_id}").get_data(as_text=True)
    assert "Small producer" in page


def test_bad_units_are_refused_whole(app, client, world):
    login_as(client, "secretary")
    member_id = world.a.member_ids["003"]
    url = f"/o/coop-a/members/{member_id}/units"
    response = client.post(
        url,
        data={
            "units-0-product": "coffee",
            "units-0-total_area_ha": "1",
            "units-0-product_area_ha": "4",
        },
    )
    assert "cannot exceed the total area" in response.get_data(as_text=True)
    response = client.post(
        url,
        data={
            "units-0-product": "",
            "units-0-total_area_ha": "-2,5",
            "units-1-product": "",
            "units-1-hives": "3",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "between 0 and" in page and "needs its product" in page
    with app.app_context():
        assert db.session.get(Member, member_id).units == []


def test_a_member_sees_their_own_record_and_nobody_elses(client, world):
    login_member(client)
    own = client.get("/o/coop-a/members/me")
    assert own.status_code == 302
    page = client.get(own.location).get_data(as_text=True)
    assert "María" in page and "Status history" in page
    assert client.get(f"/o/coop-a/members/{world.a.member_ids['002']}").status_code == 403
    assert client.get(f"/o/coop-a/members/{world.b.member_ids['001']}").status_code == 404
    assert client.get("/o/coop-a/members/").status_code == 403


def test_a_new_join_date_is_a_correction_added_to_the_history(app, client, world):
    from tests.integration.members.test_register import NEW

    login_as(client, "secretary")
    member_id = world.a.member_ids["002"]
    _status(client, member_id)  # suspended from 2024-05-01
    url = f"/o/coop-a/members/{member_id}/edit"
    client.post(url, data={**NEW, "number": "002", "joined_on": "2012-02-01"})
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        member = db.session.get(Member, member_id)
        assert member.joined_on == date(2012, 2, 1)
        admission, suspension, correction = sorted(member.history, key=lambda c: c.id)
        assert admission.effective_on == date(2015, 1, 1)  # kept as it was recorded
        assert (correction.effective_on, correction.corrects_id) == (date(2012, 2, 1), admission.id)
        assert "was 2015-01-01" in correction.reason
        assert _entitled(org, date(2013, 1, 1)) == 1
        assert member.status == "suspended"
    response = client.post(url, data={**NEW, "number": "002", "joined_on": "2024-06-01"})
    assert "cannot come after a later change of status (2024-05-01)" in response.get_data(
        as_text=True
    )
    # Corrected again: the correction is corrected, the first entry stays.
    client.post(url, data={**NEW, "number": "002", "joined_on": "2013-03-03"})
    with app.app_context():
        member = db.session.get(Member, member_id)
        entries = sorted(member.history, key=lambda c: c.id)
        assert [c.effective_on for c in entries] == [
            date(2015, 1, 1),
            date(2024, 5, 1),
            date(2012, 2, 1),
            date(2013, 3, 3),
        ]
        assert entries[3].corrects_id == entries[2].id
        org = db.session.get(Organization, world.a.id)
        assert _entitled(org, date(2013, 1, 1)) == 0


def test_board_accounts_have_no_own_record(client, world):
    login_as(client, "secretary")
    assert client.get("/o/coop-a/members/me").status_code == 404


def _entitled(org, day) -> int:
    """How many members could vote on `day` by their status: the roll's own query."""
    return len(db.session.scalars(queries.eligible_ids(org, day, False)).all())
