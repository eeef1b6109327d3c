import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from bench import hostile_xlsx as hostile
from coop.audit.models import AuditEvent
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import queries
from coop.members.models import ImportBatch, Member
from tests.factories import login_as

HEADER = (
    "Número de socio;Nombres;Apellidos;Cédula;Sexo;Fecha de ingreso;Producto;Área del producto;"
    "Estado"
)
GOOD = [
    "101;Juana;López Díaz;CURP101;F;14/03/2019;Café;2,5;Activa",
    "101;Juana;López Díaz;CURP101;F;14/03/2019;Miel;;Activa",
    "102;Pedro;Santiz;;M;2018-01-20;Cacao;16;activo",
]


def _csv(*rows, header=HEADER, encoding="utf-8-sig"):
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def _upload(client, data, name="padron.csv"):
    return client.post(
        "/o/coop-a/members/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _members(app, org_id=1):
    """Members 001, 002, 101, 102 of one organization (coop-a by default)."""
    with app.app_context():
        return {
            m.number: m
            for m in db.session.scalars(
                sa.select(Member).where(
                    Member.number.in_(["101", "102", "001", "002"]),
                    Member.organization_id == org_id,
                )
            )
        }


def test_good_file_previews_then_imports(app, client, world):
    login_as(client, "secretary")
    response = _upload(client, _csv(*GOOD, encoding="cp1252"))
    assert response.status_code == 302
    preview = client.get(response.location).get_data(as_text=True)
    assert re.search(r"New members</dt><dd>2<", preview)
    assert _members(app, world.a.id).keys() == {"001", "002"}  # nothing written yet
    apply_url = response.location + "/apply"
    assert client.post(apply_url).status_code == 302
    members = _members(app, world.a.id)
    assert members["101"].national_id == "CURP101" and members["101"].sex == "female"
    with app.app_context():
        juana = db.session.get(Member, members["101"].id)
        assert [u.product for u in juana.units] == ["coffee", "honey"]
        assert str(juana.units[0].product_area_ha) == "2.50"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportBatch)) == 0
        actions = [
            e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
        ]
        assert actions[-3:] == ["member.created", "member.created", "members.imported"]
    assert "Import done: 2 added, 0 updated, 0 left out." in client.get(
        "/o/coop-a/members/"
    ).get_data(as_text=True)


def test_file_with_problems_writes_nothing_unless_asked(app, client, world):
    login_as(client, "secretary")
    bad = [
        *GOOD,
        "103;=1+1;Ruiz;;M;2018-01-20;;;",
        "104;Rosa;Ruiz;;X;31/31/2018;;;",
        "105;Ana;Ruiz;CURP101;F;2018-01-20;;",
        "002;Otra;Persona;;F;2018-01-20;;;",
    ]
    url = _upload(client, _csv(*bad)).location
    page = client.get(url).get_data(as_text=True)
    for text in (
        "spreadsheet formula",
        "Not a date",
        "This value is not recognized",
        "The row has 8 cells; the header has 9.",
        "also given to member 101",
    ):
        assert text in page, text
    assert "Import the valid rows only" in page
    client.post(url + "/apply")  # without valid_only: refused
    assert "101" not in _members(app, world.a.id)
    client.post(url + "/apply", data={"valid_only": "1"})
    members = _members(app, world.a.id)
    assert {"101", "102"} <= members.keys() and members["002"].given_names == "Otra"


def test_reimport_updates_by_number_and_shows_the_differences(app, client, world):
    login_as(client, "secretary")
    client.post(_upload(client, _csv(*GOOD)).location + "/apply")
    changed = [
        GOOD[0].replace("López Díaz", "López Pérez").replace("2,5", "3"),
        GOOD[1].replace("López Díaz", "López Pérez"),
        GOOD[2].replace("activo", "retirado"),
    ]
    url = _upload(client, _csv(*changed)).location
    page = client.get(url).get_data(as_text=True)
    assert re.search(r"Members to update</dt><dd>2<", page)
    assert "López Díaz → López Pérez" in page and "Active → Withdrawn" in page
    client.post(url + "/apply")
    members = _members(app, world.a.id)
    assert members["101"].surnames == "López Pérez" and members["102"].status == "withdrawn"
    with app.app_context():
        pedro = db.session.get(Member, members["102"].id)
        assert [c.status for c in pedro.history] == ["active", "withdrawn"]
        assert pedro.history[-1].reason.startswith("Imported from")


def test_unknown_headers_go_through_the_mapping_step(app, client, world):
    login_as(client, "secretary")
    data = _csv("201;Lucía;Vera;2020-02-02", header="Socio;Primer nombre;Familia;Alta")
    url = _upload(client, data).location
    mapping = client.get(url)
    assert mapping.status_code == 302 and mapping.location.endswith("/mapping")
    page = client.get(mapping.location).get_data(as_text=True)
    # Every missing column is named, in the reader's words.
    assert "Still missing: Member number, Given names, Surnames, Join date." in page
    client.post(mapping.location, data={"map-0": "number", "map-1": "given_names"})
    page = client.get(mapping.location).get_data(as_text=True)
    assert "Still missing: Surnames, Join date." in page
    client.post(
        mapping.location,
        data={"map-0": "number", "map-1": "given_names", "map-2": "surnames", "map-3": "joined_on"},
    )
    assert "Still missing" not in client.get(mapping.location).get_data(as_text=True)
    assert "New members</dt><dd>1<" in client.get(url).get_data(as_text=True)
    page = client.post(mapping.location, data={"map-0": "number", "map-1": "number"})
    assert "chosen for one header only" in page.get_data(as_text=True)


def test_bad_files_get_a_message_next_to_the_field(app, client, world):
    login_as(client, "secretary")
    response = client.post("/o/coop-a/members/import", data={}, content_type="multipart/form-data")
    assert "Choose a file." in response.get_data(as_text=True)
    cases = {
        b"": "The file is empty.",
        b"  \n": "The file is empty.",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00": "This is not a spreadsheet",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "Old Excel files",
        b"PK\x03\x04garbage": "could not be read",
    }
    for data, text in cases.items():
        response = _upload(client, data)
        assert response.status_code == 400, text
        assert text in response.get_data(as_text=True)
    app.config["MEMBER_IMPORT_MAX_MB"] = 0
    try:
        assert "larger than 0 MB" in _upload(client, _csv(*GOOD)).get_data(as_text=True)
    finally:
        app.config["MEMBER_IMPORT_MAX_MB"] = 10
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportBatch)) == 0


def test_a_50_mb_upload_is_refused_politely(client, world):
    login_as(client, "secretary")
    response = _upload(client, b"a" * (50 * 1024 * 1024))
    # The test client spools so large a body to a temporary file; close it here.
    response.request.environ["wsgi.input"].close()
    assert response.status_code == 413
    assert "at most 16 MB" in response.get_data(as_text=True)


def test_batches_belong_to_their_uploader_and_organization(client, world):
    login_as(client, "secretary")
    url = _upload(client, _csv(*GOOD)).location
    client.post("/logout")
    login_as(client, "admin")
    assert client.get(url).status_code == 404
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert client.get(url.replace("coop-a", "coop-b")).status_code == 404


def test_xlsx_upload(app, client, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Número", "Nome", "Sobrenome", "Data de admissão", "Colmeias", "Produto"])
    sheet.append(["301", "João", "Conceição", "2021-07-01", 120, "mel"])
    out = io.BytesIO()
    workbook.save(out)
    login_as(client, "secretary")
    client.post(_upload(client, out.getvalue(), "cadastro.xlsx").location + "/apply")
    with app.app_context():
        joao = db.session.scalar(sa.select(Member).where(Member.number == "301"))
        assert joao.given_names == "João" and joao.units[0].hives == 120


def test_only_the_board_imports(client, world):
    login_as(client, "certifier")
    assert client.get("/o/coop-a/members/import").status_code == 403
    assert client.get("/o/coop-a/members/register.csv").status_code == 200


def test_a_reimport_adds_a_correction_and_never_rewrites_the_history(app, client, world):
    login_as(client, "secretary")
    client.post(_upload(client, _csv(*GOOD)).location + "/apply")
    with app.app_context():
        pedro = db.session.scalar(sa.select(Member).where(Member.number == "102"))
        admission = (pedro.history[0].id, pedro.history[0].effective_on)
    moved = GOOD[2].replace("2018-01-20", "2016-05-05")
    page = client.get(_upload(client, _csv(moved)).location).get_data(as_text=True)
    assert "Join date: Jan 20, 2018 → May 5, 2016" in page
    client.post(_upload(client, _csv(moved)).location + "/apply")
    with app.app_context():
        pedro = db.session.scalar(sa.select(Member).where(Member.number == "102"))
        assert pedro.joined_on.isoformat() == "2016-05-05"
        first, correction = sorted(pedro.history, key=lambda c: c.id)
        assert (first.id, first.effective_on) == admission  # untouched
        assert correction.effective_on.isoformat() == "2016-05-05"
        assert correction.corrects_id == first.id
        assert "was 2018-01-20" in correction.reason
        org = db.session.get(Organization, world.a.id)
        active = set(db.session.scalars(queries.eligible_ids(org, date(2017, 1, 1), False)))
        assert pedro.id in active
    page = client.get(f"/o/coop-a/members/{pedro.id}").get_data(as_text=True)
    assert "Corrects the entry of Jan 20, 2018" in page and "Corrected by a later entry" in page


def test_problems_name_the_rows_as_the_spreadsheet_numbers_them(client, world):
    login_as(client, "secretary")
    data = _csv(GOOD[2], "", "103;Ana;Ruiz;;F;31/31/2018;;;")
    page = client.get(_upload(client, data).location).get_data(as_text=True)
    assert re.search(r"<td>4</td><td>Fecha de ingreso</td>", page)


def test_statuses_come_with_their_date_or_are_marked_unknown(app, client, world):
    login_as(client, "secretary")
    header = HEADER + ";Estado desde;Al día;Fecha de nacimiento"
    rows = [
        "201;Ana;Ruiz;;F;2010-01-01;;;retirada;;sí;",
        "202;Luis;Ruiz;;M;2010-01-01;;;retirado;2014-03-01;no;",
        "203;Eva;Ruiz;;F;2010-01-01;;;activa;2009-01-01;x;",
        "204;Rut;Ruiz;;F;2010-01-01;;;suspendida;;;",
        "205;Sol;Ruiz;;F;2010-01-01;;;retirada;;;2011-05-05",
    ]
    url = _upload(client, _csv(*rows, header=header)).location
    page = client.get(url).get_data(as_text=True)
    # Contradictions stay refused, with or without a status date.
    assert "cannot start before the join date" in page
    assert "date of birth must come before the join date" in page
    assert "2 members have a status without its date" in page
    assert re.search(r"New members</dt><dd>3<", page)
    client.post(url + "/apply", data={"valid_only": "1"})
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        luis = db.session.scalar(sa.select(Member).where(Member.number == "202"))
        assert [(c.status, c.effective_on.isoformat(), c.date_unknown) for c in luis.history] == [
            ("active", "2010-01-01", False),
            ("withdrawn", "2014-03-01", False),
        ]
        assert not luis.in_good_standing_on(org.today())
        ids = set(db.session.scalars(queries.eligible_ids(org, date(2015, 6, 1), False)))
        assert luis.id not in ids
        ana = db.session.scalar(sa.select(Member).where(Member.number == "201"))
        assert ana.status == "withdrawn" and ana.history[-1].date_unknown
        assert ana.history[-1].effective_on == org.today()
        assert ana.in_good_standing_on(org.today())
        incomplete = [m.number for m in db.session.scalars(queries.incomplete_members(org))]
        assert incomplete == ["201", "204"]
        assert queries.count_incomplete_members(org) == 2


def test_the_preview_speaks_the_readers_language(client, world):
    login_as(client, "secretary")
    client.post(_upload(client, _csv(*GOOD)).location + "/apply")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    changed = [GOOD[0].replace("2,5", "3"), GOOD[1], GOOD[2].replace("activo", "retirado")]
    header = HEADER + ";Estado desde"
    rows = [row + (";2024-01-01" if "retirado" in row else ";") for row in changed]
    page = client.get(_upload(client, _csv(*rows, header=header)).location).get_data(as_text=True)
    assert "Estado: Activo → Retirado" in page
    assert "Unidades productivas: Café, Área con el producto (ha): 2,5 | Miel" in page
    assert "product_area_ha" not in page and "status:" not in page


def _nothing_written(app, org_id):
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportBatch)) == 0
    assert _members(app, org_id).keys() == {"001", "002"}


@pytest.mark.parametrize(
    ("name", "spanish"),
    [
        ("dimension A1:XFD20000, one cell in row 20,000", "El archivo tiene más de 60 columnas."),
        ("4 million shared strings", "se descomprime en más de 100 veces su tamaño"),
        ("10 million empty rows", "se descomprime en más de 100 veces su tamaño"),
        ("one cell in row 1,048,576", "La hoja sigue más allá de la fila 100000"),
        ("4 million shared strings declared", "más de 1200060 textos distintos"),
    ],
)
def test_a_spreadsheet_that_explodes_gets_a_translated_refusal(app, client, world, name, spanish):
    build, _code = hostile.HOSTILE[name]
    login_as(client, "secretary")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    response = _upload(client, build(), "padron.xlsx")
    assert response.status_code == 400
    assert spanish in response.get_data(as_text=True)
    _nothing_written(app, world.a.id)


NUL_ROW = "103;Nul{}Name;Ruiz;;F;2018-01-20;;;"


@pytest.mark.parametrize(
    ("encoding", "character"),
    [
        ("utf-8-sig", "\x00"),
        ("utf-16", "\x00"),  # with a BOM, in the machine's byte order
        ("utf-16-be-bom", "\x00"),
        ("utf-8", "\x7f"),  # without a BOM a NUL byte means a binary file
        ("cp1252", "\x7f"),
    ],
)
def test_control_characters_are_refused_on_every_decoding_path(
    app, client, world, encoding, character
):
    text = "\r\n".join([HEADER, GOOD[2], NUL_ROW.format(character)]) + "\r\n"
    data = ("\ufeff" + text).encode("utf-16-be") if encoding == "utf-16-be-bom" else None
    login_as(client, "secretary")
    response = _upload(client, data or text.encode(encoding))
    assert response.status_code == 400
    assert "Row 3 holds an invisible control character" in response.get_data(as_text=True)
    _nothing_written(app, world.a.id)


def test_control_characters_in_an_xlsx_cell_are_refused(app, client, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Número", "Nombres", "Apellidos", "Fecha de ingreso"])
    sheet.append(["301", "Nul\x7fName", "Conceição", "2021-07-01"])
    out = io.BytesIO()
    workbook.save(out)
    login_as(client, "secretary")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pt-BR"
    response = _upload(client, out.getvalue(), "cadastro.xlsx")
    assert response.status_code == 400
    assert "A linha 2 contém um caractere de controle invisível" in response.get_data(as_text=True)
    _nothing_written(app, world.a.id)


def test_older_records_of_changed_units_still_read_in_words(app):
    from coop.members.register_labels import change_value

    with app.test_request_context():
        legacy = change_value("units", "product=coffee; product_area_ha=2.50; organic=True")
        structured = change_value("units", [{"product": "coffee", "product_area_ha": "2.50"}])
    assert legacy == "Coffee, Area under the product (ha): 2.5, Organic"
    assert structured == "Coffee, Area under the product (ha): 2.5"
