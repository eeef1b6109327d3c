import sqlalchemy as sa

from coop.assemblies.models import Assembly, AssemblyStatus, Attendance
from coop.extensions import db
from coop.minutes.models import Minutes
from tests.factories import login_as

NEW = {
    "kind": "ordinary",
    "title": "Asamblea 2027",
    "date": "2027-03-14",
    "time": "10:00",
    "place": "Salón ejidal",
}


def _assembly(app, assembly_id):
    with app.app_context():
        return db.session.get(Assembly, assembly_id)


def test_create_add_items_and_convene(app, client, world):
    login_as(client, "secretary")
    response = client.post("/o/coop-a/assemblies/new", data=NEW)
    assert response.status_code == 302
    url = response.location
    assembly_id = int(url.rstrip("/").split("/")[-1])
    # 10:00 in Mexico City is 16:00 UTC.
    assert _assembly(app, assembly_id).starts_at.hour == 16
    assert (
        client.post(
            f"{url}/convene", data={"notice_given_on": "2027-03-01", "channel": "Radio"}
        ).status_code
        == 302
    )
    assert "Add at least one agenda item" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/items", data={"title": "Elección del consejo", "kind": "decision"})
    client.post(f"{url}/convene", data={"notice_given_on": "2027-03-01", "channel": "Radio"})
    assembly = _assembly(app, assembly_id)
    assert assembly.status == AssemblyStatus.CONVENED
    assert assembly.notice_channel == "Radio"
    # The published agenda is fixed.
    client.post(f"{url}/items", data={"title": "Tarde", "kind": "decision"})
    page = client.get(url).get_data(as_text=True)
    assert "The agenda is published" in page and "Tarde" not in page


def test_notice_after_the_date_is_refused(app, client, world):
    login_as(client, "secretary")
    url = client.post("/o/coop-a/assemblies/new", data=NEW).location
    client.post(f"{url}/items", data={"title": "Informe", "kind": "information"})
    client.post(f"{url}/convene", data={"notice_given_on": "2027-04-01", "channel": "Radio"})
    assert "cannot be given after" in client.get(url).get_data(as_text=True)


def test_invalid_assembly_form_is_refused(client, world):
    login_as(client, "secretary")
    response = client.post(
        "/o/coop-a/assemblies/new", data={**NEW, "date": "2027-02-30", "kind": "secret"}
    )
    assert response.status_code == 400
    assert "Not a valid date value" in response.get_data(as_text=True)


def test_check_in_by_number_updates_the_quorum(app, client, world):
    login_as(client, "secretary")
    url = f"/o/coop-a/assemblies/{world.a.assembly_id}/attendance"
    page = client.get(url).get_data(as_text=True)
    # 5 active members, half rounded up: 3 required.
    assert "Quorum not reached: 3 more members needed" in page
    for number in ("001", "002", " 3 ".replace(" ", "") and "003"):
        assert client.post(url, data={"number": number}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Quorum reached" in page and "3 members present" in page


def test_check_in_refusals_change_nothing(app, client, world):
    login_as(client, "secretary")
    url = f"/o/coop-a/assemblies/{world.a.assembly_id}/attendance"
    client.post(url, data={"number": "001"})
    cases = {
        "001": "is already checked in",
        "404": "No member has number 404",
        "900": "is not an active member",
    }
    for number, message in cases.items():
        assert message in client.post(url, data={"number": number}).get_data(as_text=True)
    # A member of another organization is unknown here.
    other = client.post(url, data={"number": "001"}).get_data(as_text=True)
    assert "already" in other
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Attendance))
        assert count == 1


def test_close_freezes_quorum_and_starts_minutes(app, client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    client.post(f"{base}/attendance", data={"number": "001"})
    assert client.post(f"{base}/close").status_code == 302
    assembly = _assembly(app, world.a.assembly_id)
    assert assembly.status == AssemblyStatus.CLOSED
    assert (assembly.present_count, assembly.eligible_count, assembly.quorum_required) == (1, 5, 3)
    with app.app_context():
        assert db.session.scalar(sa.select(Minutes).where(Minutes.assembly_id == assembly.id))
    # Closing twice, or checking in after closing, is refused.
    client.post(f"{base}/close")
    assert "Only a convened assembly can be closed." in client.get(base).get_data(as_text=True)
    page = client.post(f"{base}/attendance", data={"number": "002"}).get_data(as_text=True)
    assert "only while the assembly is convened" in page


def test_members_see_assemblies_but_not_the_board_actions(client, world):
    from tests.factories import login_member

    login_member(client)
    page = client.get(f"/o/coop-a/assemblies/{world.a.assembly_id}").get_data(as_text=True)
    assert "Estados financieros" in page
    assert "Close the assembly" not in page and "Attendance" not in page
    assert client.post(f"/o/coop-a/assemblies/{world.a.assembly_id}/close").status_code == 403
