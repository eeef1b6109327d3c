"""The agenda and the notice as the law has them: Brazil's three means of notice and its
extraordinary assembly, Uruguay's closed agenda, and the day the roll is drawn."""

import json
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import sqlalchemy as sa

from coop.assemblies import services as assemblies
from coop.assemblies.models import AgendaItem, Assembly, Voter
from coop.assemblies.roll import eligible_select, quorum_panel
from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.services import change_status, create_member
from coop.statutes.presets import BRAZIL, CUSTOM, URUGUAY
from coop.statutes.rules import EligibleOn
from coop.statutes.services import save_version
from tests.factories import login_as, org_member, org_today

NOTICE_ON = org_today() - timedelta(days=20)


def _statute(app, world, preset, rules, effective_from=date(2020, 1, 1)):
    """Put a version of coop-a's statute in force from `effective_from`."""
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        save_version(org, effective_from, preset, "", rules, None)
        db.session.commit()


def _assembly(app, world, kind="ordinary", items=(("Cuentas", "ordinary"),)):
    """A new assembly of coop-a with `items`, drafted for today (not convened)."""
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assembly = assemblies.create_assembly(
            org, kind, "Asamblea", datetime.now(UTC) - timedelta(minutes=1), "Sede", None
        )
        for title, decision_kind in items:
            assemblies.add_item(org, assembly, title, "decision", None, decision_kind)
        db.session.commit()
        return assembly.id


def _base(assembly_id):
    return f"/o/coop-a/assemblies/{assembly_id}"


def _item_titles(app, assembly_id):
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AgendaItem.title)
                .where(AgendaItem.assembly_id == assembly_id)
                .order_by(AgendaItem.position)
            )
        )


def _convene(client, assembly_id, *channels):
    return client.post(
        f"{_base(assembly_id)}/convene",
        data={"notice_given_on": NOTICE_ON.isoformat(), "channels": list(channels)},
    )


def test_brazil_keeps_weighty_decisions_off_an_ordinary_agenda(app, client, world):
    _statute(app, world, "brazil", BRAZIL)
    ordinary = _assembly(app, world)
    extraordinary = _assembly(app, world, kind="extraordinary", items=())
    login_as(client, "secretary")
    for kind in ("statute_change", "merger", "change_of_object", "dissolution"):
        item = {"title": f"Reforma {kind}", "kind": "decision", "decision_kind": kind}
        client.post(f"{_base(ordinary)}/items", data=item)
        page = client.get(_base(ordinary)).get_data(as_text=True)
        assert "is decided only by an extraordinary assembly: convene one for it" in page, kind
        client.post(f"{_base(extraordinary)}/items", data=item)
    assert _item_titles(app, ordinary) == ["Cuentas"]
    assert len(_item_titles(app, extraordinary)) == 4
    # Elections are ordinary business in Brazil.
    client.post(
        f"{_base(ordinary)}/items",
        data={"title": "Conselho fiscal", "kind": "election", "decision_kind": "election"},
    )
    assert _item_titles(app, ordinary) == ["Cuentas", "Conselho fiscal"]


def test_the_refusal_is_translated(app, client, world):
    _statute(app, world, "brazil", BRAZIL)
    ordinary = _assembly(app, world)
    login_as(client, "secretary")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
    item = {"title": "Dissolução", "kind": "decision", "decision_kind": "dissolution"}
    client.post(f"{_base(ordinary)}/items", data=item)
    page = client.get(_base(ordinary)).get_data(as_text=True)
    assert "somente por uma assembleia extraordinária" in page


def test_convening_checks_the_agenda_against_the_statute_in_force_then(app, client, world):
    assembly_id = _assembly(app, world, items=(("Disolución", "dissolution"),))
    _statute(app, world, "brazil", BRAZIL)
    login_as(client, "secretary")
    _convene(client, assembly_id, "office", "newspaper", "letter")
    page = client.get(_base(assembly_id)).get_data(as_text=True)
    assert "is decided only by an extraordinary assembly" in page
    with app.app_context():
        assert db.session.get(Assembly, assembly_id).notice_given_on is None


def test_a_brazilian_notice_missing_a_means_is_flagged_on_the_record(app, client, world):
    _statute(app, world, "brazil", BRAZIL)
    short, complete = _assembly(app, world), _assembly(app, world)
    login_as(client, "secretary")
    page = client.get(_base(short)).get_data(as_text=True)
    assert "The statute asks for the notice by every one of these means" in page
    assert _convene(client, short, "office", "radio").status_code == 302
    assert _convene(client, complete, "office", "newspaper", "letter").status_code == 302
    page = client.get(_base(short)).get_data(as_text=True)
    assert (
        "Notice not given by every means the statute requires: "
        "Newspaper, Letter or note to each member missing"
    ) in page
    assert "Notice not given by every means" not in client.get(_base(complete)).get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Assembly, short).notice_means_missing == ["newspaper", "letter"]
        assert db.session.get(Assembly, complete).notice_means_missing == []
        event = db.session.scalar(
            sa.select(AuditEvent).where(
                AuditEvent.action == "assembly.convened", AuditEvent.object_id == short
            )
        )
        assert event.data["notice_means_missing"] == ["newspaper", "letter"]
    client.post("/logout")
    login_as(client, "admin")
    archive = zipfile.ZipFile(
        BytesIO(client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"}).data)
    )
    records = {
        json.loads(archive.read(name))["id"]: json.loads(archive.read(name))
        for name in archive.namelist()
        if name.endswith("assembly.json")
    }
    assert records[short]["notice"]["means_missing"] == ["newspaper", "letter"]
    assert records[complete]["notice"]["means_missing"] == []


def _open(client, assembly_id, *numbers):
    for number in numbers:
        client.post(f"{_base(assembly_id)}/attendance", data={"number": number})
    assert client.post(f"{_base(assembly_id)}/open").status_code == 302


def _propose(client, assembly_id, decision_kind="ordinary"):
    return client.post(
        f"{_base(assembly_id)}/propose",
        data={
            "title": "Compra de abono",
            "kind": "decision",
            "decision_kind": decision_kind,
            "yes": 4,
            "no": 0,
            "abstain": 0,
        },
    )


def test_a_brazilian_extraordinary_assembly_decides_only_what_its_notice_names(app, client, world):
    _statute(app, world, "brazil", BRAZIL)
    extraordinary = _assembly(app, world, "extraordinary", (("Reforma", "statute_change"),))
    ordinary = _assembly(app, world)
    login_as(client, "secretary")
    for assembly_id in (extraordinary, ordinary):
        _convene(client, assembly_id, "office", "newspaper", "letter")
    _open(client, extraordinary, "001", "002", "003", "004")
    refusal = "An extraordinary assembly decides only what its notice names"
    assert client.get(_base(extraordinary)).get_data(as_text=True).count(refusal) == 1
    _propose(client, extraordinary)
    assert client.get(_base(extraordinary)).get_data(as_text=True).count(refusal) == 2
    assert _item_titles(app, extraordinary) == ["Reforma"]
    client.post(f"{_base(extraordinary)}/close")
    # The ordinary assembly may still add ordinary business by its own vote.
    _open(client, ordinary, "001", "002", "003", "004")
    assert "Add an item by vote of the assembly" in client.get(_base(ordinary)).get_data(
        as_text=True
    )
    _propose(client, ordinary)
    assert _item_titles(app, ordinary)[-1] == "Compra de abono"


def test_uruguay_adds_nothing_to_the_published_agenda(app, client, world):
    _statute(app, world, "uruguay", URUGUAY)
    assembly_id = _assembly(app, world)
    login_as(client, "secretary")
    _convene(client, assembly_id, "letter")
    _open(client, assembly_id, "001", "002", "003", "004")
    refusal = "The statute allows nothing outside the published agenda"
    page = client.get(_base(assembly_id)).get_data(as_text=True)
    # The page says so instead of offering the form...
    assert "Add an item by vote of the assembly" not in page and page.count(refusal) == 1
    # ...and a proposal posted anyway is refused, whatever its kind.
    for kind in ("ordinary", "election", "dissolution"):
        _propose(client, assembly_id, kind)
        assert client.get(_base(assembly_id)).get_data(as_text=True).count(refusal) == 2, kind
    # Neither the item nor the motion to add it was written.
    assert _item_titles(app, assembly_id) == ["Cuentas"]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get(_base(assembly_id)).get_data(as_text=True)
    assert "El estatuto no permite nada fuera del orden del día publicado" in page


def _late_and_gone(app, world):
    """Member 006 joined after the notice; member 005 withdrew after it."""
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        create_member(
            org,
            {
                "number": "006",
                "given_names": "Nueva",
                "surnames": "Socia",
                "sex": "female",
                "community": "San Isidro",
                "joined_on": org_today() - timedelta(days=5),
            },
            None,
        )
        member = org_member(org, "005")
        change_status(
            org, member, "withdrawn", org_today() - timedelta(days=3), "Renuncia", "", None
        )
        db.session.commit()


def _eligible_numbers(app, world, assembly_id):
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assembly = db.session.get(Assembly, assembly_id)
        ids = eligible_select(org, assembly, assemblies.rules_for(org, assembly))
        numbers = db.session.scalars(
            sa.select(Member.number).where(Member.id.in_(ids)).order_by(Member.number)
        )
        return list(numbers), quorum_panel(org, assembly).eligible


def test_the_roll_is_drawn_on_the_day_the_statute_says(app, client, world):
    _statute(app, world, "custom", replace(CUSTOM, eligible_on=EligibleOn.NOTICE))
    at_notice = _assembly(app, world)
    login_as(client, "secretary")
    _convene(client, at_notice, "radio")
    # A later version draws the roll on the day; the first assembly keeps the version it was
    # convened under.
    _statute(app, world, "custom", CUSTOM, org_today() - timedelta(days=1))
    on_the_day = _assembly(app, world)
    _convene(client, on_the_day, "radio")
    _late_and_gone(app, world)
    # Fixed at the notice: 005 was still a member then, 006 not yet.
    assert _eligible_numbers(app, world, at_notice) == (["001", "002", "003", "004", "005"], 5)
    # On the day: 006 votes, 005 no longer does.
    assert _eligible_numbers(app, world, on_the_day) == (["001", "002", "003", "004", "006"], 5)
    # The roll frozen at the opening is the one fixed at the notice.
    _open(client, at_notice, "001", "002", "003")
    with app.app_context():
        frozen = db.session.scalars(
            sa.select(Member.number)
            .join(Voter, Voter.member_id == Member.id)
            .where(Voter.assembly_id == at_notice)
            .order_by(Member.number)
        )
        assert list(frozen) == ["001", "002", "003", "004", "005"]
