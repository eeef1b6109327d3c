import sqlalchemy as sa

from coop.assemblies.models import Assembly, AssemblyStatus, Attendance, Voter
from coop.core.extensions import db
from coop.minutes.models import Minutes
from tests.factories import login_as, login_member, open_session

NEW = {
    "kind": "ordinary",
    "title": "Asamblea 2027",
    "date": "2027-03-14",
    "time": "10:00",
    "place": "Salón ejidal",
}
CONVENE = {"notice_given_on": "2027-02-20", "channels": ["radio", "office"], "notes": "Radio"}


def _assembly(app, assembly_id):
    with app.app_context():
        return db.session.get(Assembly, assembly_id)


def test_create_add_items_reorder_and_convene(app, client, world):
    login_as(client, "secretary")
    response = client.post("/o/coop-a/assemblies/new", data=NEW)
    assert response.status_code == 302
    url = response.location
    assembly_id = int(url.rstrip("/").split("/")[-1])
    # 10:00 in Mexico City is 16:00 UTC.
    assert _assembly(app, assembly_id).starts_at.hour == 16
    client.post(f"{url}/convene", data=CONVENE)
    assert "Add at least one agenda item" in client.get(url).get_data(as_text=True)
    client.post(
        f"{url}/items",
        data={"title": "Informe", "kind": "information", "decision_kind": "ordinary"},
    )
    client.post(
        f"{url}/items",
        data={
            "title": "Reforma del estatuto",
            "kind": "decision",
            "decision_kind": "statute_change",
        },
    )
    with app.app_context():
        second = db.session.get(Assembly, assembly_id).items[1].id
    client.post(f"{url}/items/{second}/move", data={"direction": "up"})
    with app.app_context():
        titles = [i.title for i in db.session.get(Assembly, assembly_id).items]
        assert titles == ["Reforma del estatuto", "Informe"]
    client.post(f"{url}/convene", data={**CONVENE, "channels": []})
    assert "Say how the notice was published" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/convene", data=CONVENE)
    assembly = _assembly(app, assembly_id)
    assert assembly.status == AssemblyStatus.CONVENED
    assert assembly.notice_channels == ["radio", "office"]
    # The custom preset of a Mexican cooperative asks 15 days; 22 were given.
    assert assembly.notice_verdict == "in_time" and assembly.statute_id is not None
    assert len(assembly.call_times) == 2
    # The published agenda is fixed.
    client.post(
        f"{url}/items", data={"title": "Tarde", "kind": "decision", "decision_kind": "ordinary"}
    )
    page = client.get(url).get_data(as_text=True)
    assert "The agenda is published" in page and "Tarde" not in page


def test_short_notice_is_flagged_not_hidden(app, client, world):
    login_as(client, "secretary")
    url = client.post("/o/coop-a/assemblies/new", data=NEW).location
    client.post(
        f"{url}/items",
        data={"title": "Informe", "kind": "information", "decision_kind": "ordinary"},
    )
    client.post(f"{url}/convene", data={**CONVENE, "notice_given_on": "2027-03-10"})
    page = client.get(url).get_data(as_text=True)
    assert "Notice shorter than the statute asks" in page
    notice = client.get(f"{url}/notice").get_data(as_text=True)
    # The notice speaks the organization's language, whatever the reader's.
    assert "Informe" in notice and "Convocatoria 2" in notice
    pdf = client.get(f"{url}/notice.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


def test_notice_after_the_date_is_refused(app, client, world):
    login_as(client, "secretary")
    url = client.post("/o/coop-a/assemblies/new", data=NEW).location
    client.post(
        f"{url}/items",
        data={"title": "Informe", "kind": "information", "decision_kind": "ordinary"},
    )
    client.post(f"{url}/convene", data={**CONVENE, "notice_given_on": "2027-04-01"})
    assert "cannot be given after" in client.get(url).get_data(as_text=True)


def test_invalid_assembly_form_is_refused(client, world):
    login_as(client, "secretary")
    response = client.post(
        "/o/coop-a/assemblies/new", data={**NEW, "date": "2027-02-30", "kind": "secret"}
    )
    assert response.status_code == 400
    assert "Not a valid date value" in response.get_data(as_text=True)


def test_delegate_assemblies_need_the_statute(client, world):
    login_as(client, "secretary")
    response = client.post("/o/coop-a/assemblies/new", data={**NEW, "kind": "delegate"})
    assert response.status_code == 400
    assert "provides no delegate assemblies" in response.get_data(as_text=True)


def test_check_in_by_number_or_name_updates_the_quorum(app, client, world):
    login_as(client, "secretary")
    url = f"/o/coop-a/assemblies/{world.a.assembly_id}/attendance"
    page = client.get(url).get_data(as_text=True)
    # 5 active members, half plus one: 3 required.
    assert "Quorum not reached: 3 more members needed" in page
    assert client.post(url, data={"number": "001"}).status_code == 302
    assert client.post(url, data={"number": "rosa"}).status_code == 302  # by name
    several = client.post(url, data={"number": "perez"}).get_data(as_text=True)
    assert "Several members match" in several and "003" in several
    assert client.post(url, data={"number": "003"}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Quorum reached" in page and "3 members present" in page


def test_check_in_refusals_change_nothing(app, client, world):
    login_as(client, "secretary")
    url = f"/o/coop-a/assemblies/{world.a.assembly_id}/attendance"
    client.post(url, data={"number": "001"})
    cases = {
        "001": "is already checked in",
        "404": "Nobody matches",
        "900": "may not vote in this assembly",
    }
    for number, message in cases.items():
        response = client.post(url, data={"number": number})
        assert message in response.get_data(as_text=True), number
        assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 1


def test_departures_leave_the_quorum(app, client, world):
    login_as(client, "secretary")
    base = open_session(client, world, "001", "002", "003")
    with app.app_context():
        entry = db.session.scalar(
            sa.select(Attendance).where(Attendance.assembly_id == world.a.assembly_id)
        )
    client.post(f"{base}/attendance/{entry.id}/depart")
    page = client.get(f"{base}/attendance").get_data(as_text=True)
    assert "2 members present" in page
    client.post(f"{base}/attendance/{entry.id}/depart")
    assert "already recorded" in client.get(base).get_data(as_text=True)


def test_open_freezes_the_roll_and_close_freezes_the_figures(app, client, world):
    login_as(client, "secretary")
    base = open_session(client, world, "001", "002", "003")
    assembly = _assembly(app, world.a.assembly_id)
    assert assembly.status == AssemblyStatus.IN_SESSION and assembly.current_call == 1
    assert assembly.opening_figures["present"] == 3 and assembly.opening_figures["eligible"] == 5
    with app.app_context():
        roll = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Voter)
            .where(Voter.assembly_id == world.a.assembly_id)
        )
        assert roll == 5
    # A member joining the register now does not change this assembly's roll.
    client.post(
        "/o/coop-a/members/new",
        data={
            "number": "777",
            "given_names": "Nueva",
            "surnames": "Socia",
            "sex": "female",
            "joined_on": "2020-01-01",
        },
    )
    assert "may not vote" in client.post(f"{base}/attendance", data={"number": "777"}).get_data(
        as_text=True
    )
    assert client.post(f"{base}/close").status_code == 302
    assembly = _assembly(app, world.a.assembly_id)
    assert assembly.status == AssemblyStatus.CLOSED
    assert (assembly.present_count, assembly.eligible_count, assembly.quorum_required) == (3, 5, 3)
    with app.app_context():
        assert db.session.scalar(sa.select(Minutes).where(Minutes.assembly_id == assembly.id))
    client.post(f"{base}/close")
    assert "Only an assembly in session can be closed." in client.get(base).get_data(as_text=True)
    page = client.post(f"{base}/attendance", data={"number": "004"}).get_data(as_text=True)
    assert "until the session closes" in page


def test_no_quorum_then_the_second_call(app, client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    client.post(f"{base}/attendance", data={"number": "001"})
    client.post(f"{base}/open")
    assert "No quorum at call 1" in client.get(base).get_data(as_text=True)
    client.post(f"{base}/no-quorum")
    assembly = _assembly(app, world.a.assembly_id)
    assert assembly.status == AssemblyStatus.NO_QUORUM and assembly.failed_calls[0]["call"] == 1
    # The second call is set an hour after the first: not yet, and the page says when.
    page = client.get(base).get_data(as_text=True)
    assert "Call 2 is set for" in page and "Open the session at call 2" not in page
    client.post(f"{base}/open")
    assert "its quorum is counted from then on" in client.get(base).get_data(as_text=True)
    with app.app_context():
        row = db.session.get(Assembly, world.a.assembly_id)
        row.call_times = [row.call_times[0], row.call_times[0]]
        db.session.commit()
    client.post(f"{base}/open")
    assembly = _assembly(app, world.a.assembly_id)
    assert assembly.status == AssemblyStatus.IN_SESSION and assembly.current_call == 2
    assert "Call 1: no quorum (1 counted, 3 needed)." in client.get(base).get_data(as_text=True)


def test_cancel_needs_a_reason_and_ends_attendance(app, client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    client.post(f"{base}/cancel", data={"reason": ""})
    assert _assembly(app, world.a.assembly_id).status == AssemblyStatus.CONVENED
    client.post(f"{base}/cancel", data={"reason": "Lluvias: caminos cortados"})
    assembly = _assembly(app, world.a.assembly_id)
    assert assembly.status == AssemblyStatus.CANCELLED
    assert "Lluvias" in client.get(base).get_data(as_text=True)


def test_members_see_assemblies_but_not_the_board_actions(client, world):
    login_member(client)
    page = client.get(f"/o/coop-a/assemblies/{world.a.assembly_id}").get_data(as_text=True)
    assert "Estados financieros" in page
    assert "Close the assembly" not in page and "Attendance" not in page
    assert client.post(f"/o/coop-a/assemblies/{world.a.assembly_id}/close").status_code == 403
    assert client.post(f"/o/coop-a/assemblies/{world.a.assembly_id}/open").status_code == 403
