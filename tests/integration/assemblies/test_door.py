"""The door on a large day: names found best first, a page that stays small, the paper sheet
entered whole, the book on pages of its own."""

import re
from datetime import date

import sqlalchemy as sa

from coop.assemblies.models import Attendance, Proxy
from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import bulk
from coop.members.rules import Sex
from tests.factories import login_as, make_member, org_today


def _add_members(app, world, people: list[tuple[str, str, str]]) -> None:
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        for number, given, surnames in people:
            make_member(org, number, given_names=given, surnames=surnames)
        db.session.commit()


def _attendance(world) -> str:
    return f"/o/coop-a/assemblies/{world.a.assembly_id}/attendance"


def test_names_typed_in_order_come_first_and_the_page_says_how_many_more(app, client, world):
    people = [(f"2{n:02d}", "Pedro", "García Núñez") for n in range(12)]
    people.append(("300", "Lucía", "Núñez García"))
    _add_members(app, world, people)
    login_as(client, "secretary")
    page = client.post(_attendance(world), data={"number": "nunez garcia"}).get_data(as_text=True)
    buttons = re.findall(r"<button>([^<]*)</button>", page)
    assert buttons[0].startswith("300 · Lucía Núñez García"), buttons
    assert len(buttons) == 10 + 1  # ten matches and the check-in button
    assert "3 more members match" in page


def test_the_paper_sheet_enters_a_long_sheet_whole(app, client, world):
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        rows = [bulk_row(f"5{n:04d}") for n in range(1500)]
        bulk.insert_members(org, rows, "test", None)
        db.session.commit()
    login_as(client, "secretary")
    client.post(_attendance(world), data={"number": "001"})  # already in at the door
    numbers = " ".join(["001"] + [f"5{n:04d}" for n in range(1500)] + ["50000"])
    response = client.post(
        f"{_attendance(world)}/paper", data={"numbers": numbers, "time": "09:30"}
    )
    assert response.status_code == 302
    page = client.get(_attendance(world)).get_data(as_text=True)
    assert "1.500 added, 1 already present" in page or "1,500 added, 1 already present" in page
    assert "1,501 members present" in page
    # The door page stays small: the latest arrivals only; the whole book is paged.
    assert len(page.encode()) < 30_000
    last = client.get(f"{_attendance(world)}/book?page=16").get_data(as_text=True)
    assert "Page 16 of 16" in last and last.count("<tr>") == 1 + 1  # header and one line
    first = client.get(f"{_attendance(world)}/book").get_data(as_text=True)
    assert "Page 1 of 16" in first and ">001<" in first  # the latest arrival, at the door
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 1501
        recorded = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "attendance.recorded")
        )
        assert recorded == 1501


def test_a_sheet_with_a_member_who_may_not_vote_enters_nothing(app, client, world):
    login_as(client, "secretary")
    response = client.post(
        f"{_attendance(world)}/paper", data={"numbers": "002 003 900", "time": "10:00"}
    )
    assert response.status_code == 302
    assert "may not vote in this assembly" in client.get(_attendance(world)).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Proxy)) == 0


def bulk_row(number: str):
    return bulk.NewMember(
        {
            "number": number,
            "given_names": "Ana",
            "surnames": f"Ruiz {number}",
            "sex": Sex.FEMALE,
            "joined_on": date(2015, 1, 1),
        }
    )


def test_the_opening_counts_the_room_against_the_roll_it_freezes(app, client, world):
    """A member suspended after checking in is in the room but off the roll: the opening
    does not count them, so it fails where the live panel was one short of wrong."""
    login_as(client, "secretary")
    for number in ("001", "002", "003"):
        client.post(_attendance(world), data={"number": number})
    with app.app_context():
        from coop.members.services import change_status
        from tests.factories import org_member

        org = db.session.get(Organization, world.a.id)
        change_status(org, org_member(org, "003"), "suspended", org_today(), "Deuda", "", None)
        db.session.commit()
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    client.post(f"{base}/open")
    page = client.get(base).get_data(as_text=True)
    assert "No quorum at call 1: 2 counted, 3 needed." in page
    with app.app_context():
        from coop.assemblies.models import Assembly, Voter

        assert db.session.get(Assembly, world.a.assembly_id).opened_at is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Voter)) == 0
