import sqlalchemy as sa

from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.members.models import Member
from tests.factories import login_as

NEW = {
    "number": "050",
    "given_names": "Guadalupe",
    "surnames": "Santiz Díaz",
    "sex": "female",
    "community": "La Esperanza",
    "joined_on": "2019-05-20",
    "national_id": "GUSD800101",
    "birth_date": "1980-01-01",
    "group_name": "Grupo 2",
    "phone": "+52 961 000 0000",
    "admission_decision": "Acta 12",
}


def test_list_shows_members_of_this_organization_only(client, world):
    login_as(client, "secretary")
    page = client.get("/o/coop-a/members/").get_data(as_text=True)
    assert "Pérez 002" in page
    assert page.count("<tr>") == 7  # header + 6 members
    assert "coop-b" not in page


def test_search_and_status_filter(client, world):
    login_as(client, "secretary")
    page = client.get("/o/coop-a/members/?q=rosa").get_data(as_text=True)
    assert "Rosa" in page and "María" not in page
    page = client.get("/o/coop-a/members/?status=suspended").get_data(as_text=True)
    assert "900" in page and "Pérez 001" not in page


def test_add_member_is_saved_and_audited(app, client, world):
    login_as(client, "secretary")
    response = client.post("/o/coop-a/members/new", data=NEW)
    assert response.status_code == 302
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.number == "050"))
        assert member.organization_id == world.a.id and member.surnames == "Santiz Díaz"
        event = db.session.scalar(
            sa.select(AuditEvent).where(
                AuditEvent.action == "member.created", AuditEvent.object_id == member.id
            )
        )
        assert event.data["after"]["surnames"] == "Santiz Díaz"


def test_duplicate_number_is_refused_next_to_the_field(app, client, world):
    login_as(client, "secretary")
    response = client.post("/o/coop-a/members/new", data={**NEW, "number": "002"})
    assert response.status_code == 400
    assert "Member number 002 is already taken." in response.get_data(as_text=True)
    with app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Member)
            .where(Member.organization_id == world.a.id)
        )
        assert count == 6


def test_the_same_number_may_exist_in_another_organization(client, world):
    login_as(client, "secretary", "coop-b")
    assert client.post("/o/coop-b/members/new", data={**NEW, "number": "050"}).status_code == 302


def test_bad_input_gets_field_messages_and_writes_nothing(app, client, world):
    login_as(client, "secretary")
    bad = {
        **NEW,
        "number": "a b;c",
        "given_names": "",
        "sex": "alien",
        "joined_on": "31/31/2020",
        "surnames": "x" * 500,
    }
    response = client.post("/o/coop-a/members/new", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Use letters, digits and dashes only." in page
    assert "This field is required." in page
    assert "Not a valid choice" in page
    assert "Not a valid date value" in page
    with app.app_context():
        assert db.session.scalar(sa.select(Member).where(Member.surnames == "x" * 500)) is None


def test_edit_keeps_before_and_after_in_the_audit_trail(app, client, world):
    login_as(client, "admin")
    member_id = world.a.member_ids["003"]
    response = client.post(
        f"/o/coop-a/members/{member_id}/edit", data={**NEW, "number": "003", "community": "Nueva"}
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "member.updated")
        )
        assert event.data["changes"]["community"] == ["San Isidro", "Nueva"]
        assert event.data["changes"]["national_id"] == ["", "GUSD800101"]
        assert event.actor_id is not None


def test_issue_pin_shows_it_once_and_lets_the_member_log_in(client, world):
    login_as(client, "secretary")
    page = client.post(f"/o/coop-a/members/{world.a.member_ids['004']}/pin").get_data(as_text=True)
    import re

    pin = re.search(r'class="pin">(\d{6})<', page).group(1)
    client.post("/logout")
    response = client.post("/o/coop-a/login", data={"number": "004", "pin": pin})
    assert response.status_code == 302
