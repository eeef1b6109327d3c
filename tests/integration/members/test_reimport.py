"""Re-imports: another person under a known number, columns left out, the kept plan."""

import re

import pytest
import sqlalchemy as sa

from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.members import imports
from coop.members.models import Member
from tests.factories import login_as
from tests.integration.members.test_import import _csv, _upload

HEADER = "Número de socio;Nombres;Apellidos;Cédula;Sexo;Fecha de ingreso"
FIRST = [
    "00002;Rosa;Díaz Cruz;RDC9;F;1999-03-01",
    "00003;Juan;Pérez;JP3;M;2001-01-01",
    "00004;Eva;Luna;EL4;F;2001-01-01",
]
# Another file reusing the numbers: 00002 and 00004 are other people; 00003 a new ID.
SECOND = [
    "00002;Óscar;Ibáñez Hernández;OIH1;M;2004-06-01",
    "00003;Juan;Pérez;JP3-B;M;2001-01-01",
    "00004;Luis;Sol;LS7;M;2001-01-01",
]


def _counts(page):
    return dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)<", page))


def _member(app, number):
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.number == number))
        return member.given_names, member.national_id, member.joined_on.isoformat()


@pytest.fixture
def second(app, client, world):
    login_as(client, "secretary")
    client.post(_upload(client, _csv(*FIRST, header=HEADER)).location + "/apply")
    return _upload(client, _csv(*SECOND, header=HEADER)).location


def test_another_person_under_a_number_is_shown_apart_and_left_out(app, client, second):
    page = client.get(second).get_data(as_text=True)
    counts = _counts(page)
    assert counts["Members to update"] == "1" and counts["Another person under the number"] == "2"
    conflicts = page[page.index("Another person under the same number") :]
    assert "Rosa Díaz Cruz" in conflicts and "Óscar Ibáñez Hernández" in conflicts
    assert 'name="confirm" value="00002"' in page
    client.post(second + "/apply")
    assert _member(app, "00002") == ("Rosa", "RDC9", "1999-03-01")  # not replaced
    assert _member(app, "00003")[1] == "JP3-B"  # a routine update
    assert "1 updated, 2 left out" in client.get("/o/coop-a/members/").get_data(as_text=True)


def test_the_board_confirms_a_replacement_row_by_row(app, client, second):
    client.post(second + "/apply", data={"confirm": ["00004"]})
    assert _member(app, "00004") == ("Luis", "LS7", "2001-01-01")
    assert _member(app, "00002")[0] == "Rosa"
    with app.app_context():
        event = db.session.scalar(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "member.updated")
            .order_by(AuditEvent.id.desc())
        )
        assert event.data["replaces"] == {"name": "Eva Luna", "confirmed": "row", "reason": ""}


def test_replacing_them_all_needs_a_reason(app, client, second):
    response = client.post(second + "/apply", data={"confirm_all": "1", "reason": "  "})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Give the reason for replacing these members" in page
    assert _member(app, "00002")[0] == "Rosa" and _member(app, "00003")[1] == "JP3"
    client.post(second + "/apply", data={"confirm_all": "1", "reason": "Padrón renumerado en 2024"})
    assert _member(app, "00002") == ("Óscar", "OIH1", "2004-06-01")
    with app.app_context():
        replaced = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "member.updated")
        ).all()
        reasons = {e.data["replaces"]["reason"] for e in replaced if "replaces" in e.data}
        assert reasons == {"Padrón renumerado en 2024"}
        oscar = db.session.scalar(sa.select(Member).where(Member.number == "00002"))
        # The history keeps Rosa's admission in 1999 and adds the corrected one.
        assert sorted(c.effective_on.isoformat() for c in oscar.history) == [
            "1999-03-01",
            "2004-06-01",
        ]


def test_columns_of_data_left_out_are_named_before_anything_is_written(client, world):
    login_as(client, "secretary")
    header = HEADER + ";Hectáreas de café propias;Fecha de pago"
    rows = [r + ";2,5;01/02/2026" for r in FIRST]
    url = _upload(client, _csv(*rows, header=header)).location
    page = client.get(url).get_data(as_text=True)
    assert "The column “Hectáreas de café propias” holds numbers" in page
    assert "The column “Fecha de pago” holds dates" in page
    mapping = client.get(url + "/mapping").get_data(as_text=True)
    assert "The column “Hectáreas de café propias” holds numbers" in mapping


def test_the_checked_plan_is_kept_until_the_register_changes(app, client, second, monkeypatch):
    def recompute(*_args):
        raise AssertionError("the kept plan was checked again")

    monkeypatch.setattr(imports, "build_preview", recompute)
    assert _counts(client.get(second).get_data(as_text=True))["Members to update"] == "1"
    monkeypatch.undo()
    # Someone edits member 00003 meanwhile: the plan is checked again, against the new state.
    with app.app_context():
        from coop.core.tenancy.models import Organization
        from coop.members.services import update_member

        org = db.session.scalar(sa.select(Organization).where(Organization.slug == "coop-a"))
        juan = db.session.scalar(sa.select(Member).where(Member.number == "00003"))
        data = {k: getattr(juan, k) for k in ("number", "given_names", "surnames", "sex")}
        update_member(
            org, juan, {**data, "joined_on": juan.joined_on, "national_id": "JP3-B"}, None
        )
        db.session.commit()
    counts = _counts(client.get(second).get_data(as_text=True))
    assert counts["Members to update"] == "0" and counts["Unchanged"] == "1"
