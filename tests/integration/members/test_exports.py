"""The register's exports: the reader's conventions by default, codes on request, and both
read back by the import as "0 changes"."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from tests.factories import login_as
from tests.integration.members.test_import import GOOD, _csv, _upload

ROWS = [
    *GOOD,
    "103;'=Ana;+Ruiz;;F;2018-01-20;;;",
    "00009;Nueve;Ceros;;F;2018-01-20;Café;1234,5;suspendido",
    "0010;Diez;Ceros;;M;2018-01-20;;;",
]
# The header, and 11 members (coop-a's 6 and 101, 102, 103, 00009, 0010), one with two units.
ROWS_EXPORTED = 13


def _export(client, fmt, lang="en", layout=None):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    query = f"?layout={layout}" if layout else ""
    response = client.get(f"/o/coop-a/members/register.{fmt}{query}")
    assert response.status_code == 200
    return response


def _csv_rows(data, delimiter):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def register(client, world):
    login_as(client, "secretary")
    client.post(_upload(client, _csv(*ROWS)).location + "/apply", data={"valid_only": "1"})
    return client


def test_spanish_readers_get_their_conventions(register):
    rows = _csv_rows(_export(register, "csv", "es").data, ";")
    header = rows[0]
    assert header[:3] == ["Número de socio", "Nombres", "Apellidos"]
    assert len(rows) == ROWS_EXPORTED
    juana = next(r for r in rows if r[0] == "101")
    cells = dict(zip(header, juana, strict=True))
    assert cells["Sexo"] == "Femenino" and cells["Estado"] == "Activo"
    assert cells["Fecha de ingreso"] == "14/03/2019" and cells["Producto"] == "Café"
    assert cells["Área con el producto (ha)"] == "2,5"
    assert cells["Al día con sus obligaciones"] == "Sí"
    nine = dict(zip(header, next(r for r in rows if r[0] == "00009"), strict=True))
    assert nine["Área con el producto (ha)"] == "1234,5" and nine["Estado"] == "Suspendido"


def test_portuguese_readers_get_their_words(register):
    rows = _csv_rows(_export(register, "csv", "pt-BR").data, ";")
    cells = dict(zip(rows[0], next(r for r in rows if r[0] == "101"), strict=True))
    assert cells["Sexo"] == "Feminino" and cells["Situação"] == "Ativo"
    assert cells["Produto"] == "Café" and cells["Data de admissão"] == "14/03/2019"


def test_the_machine_layout_keeps_codes_and_iso(register):
    rows = _csv_rows(_export(register, "csv", "es", "machine").data, ",")
    cells = dict(zip(rows[0], next(r for r in rows if r[0] == "101"), strict=True))
    assert cells["Sexo"] == "female" and cells["Estado"] == "active"
    assert (
        cells["Fecha de ingreso"] == "2019-03-14" and cells["Área con el producto (ha)"] == "2.50"
    )


def test_numbers_are_listed_by_their_value(register):
    numbers = [r[0] for r in _csv_rows(_export(register, "csv", "en").data, ",")[1:]]
    assert numbers.index("00009") < numbers.index("0010") < numbers.index("101")
    page = register.get("/o/coop-a/members/").get_data(as_text=True)
    assert page.index(">00009<") < page.index(">0010<") < page.index(">101<")


def test_the_xlsx_sheet_is_named_and_typed(register):
    sheet = load_workbook(io.BytesIO(_export(register, "xlsx", "es").data)).active
    assert sheet.title == "Padrón de socios"
    rows = list(sheet.iter_rows(values_only=True))
    juana = next(r for r in rows if r[0] == "101")
    assert "Femenino" in juana and any(getattr(v, "year", None) == 2019 for v in juana)
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=Ana"]
    assert cells and cells[0].data_type == "s"
    machine = load_workbook(io.BytesIO(_export(register, "xlsx", "es", "machine").data)).active
    assert machine.title == "register"


@pytest.mark.parametrize("lang", ["es", "pt-BR", "en"])
@pytest.mark.parametrize("layout", [None, "machine"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_reads_back_as_no_change(register, lang, layout, fmt):
    data = _export(register, fmt, lang, layout).data
    register.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if fmt == "csv" and layout is None:
        assert "'=Ana" in data.decode("utf-8-sig")
    page = register.get(_upload(register, data, f"padron.{fmt}").location).get_data(as_text=True)
    assert "Ignore this column" not in page, "a column was left out"
    counts = re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)<", page)
    assert ("Unchanged", "11") in counts, counts
    assert re.search(r"With problems</dt><dd>0<", page)


@pytest.mark.parametrize("locale", ["es", "pt_BR", "en"])
def test_every_value_the_export_writes_is_read_back(app, locale):
    from flask_babel import force_locale

    from coop.core.labels import label
    from coop.members.columns import BY_KEY, certifications
    from coop.members.rules import Certification, MemberStatus, Product, Sex

    with app.test_request_context(), force_locale(locale):
        for key, values in (("sex", Sex), ("status", MemberStatus), ("product", Product)):
            for value in values:
                assert BY_KEY[key].parse(label(value)) == value, (locale, value)
        for certification in Certification:
            assert certifications(label(certification)) == [certification.value]
        assert BY_KEY["in_good_standing"].parse(label("yes")) is True
        assert BY_KEY["in_good_standing"].parse(label("no")) is False
