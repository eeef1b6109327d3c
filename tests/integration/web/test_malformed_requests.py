"""Malformed requests to every route: fields sent as files, numbers too large for any integer.
Whatever a client sends, the answer is never a 5xx."""

import io
import re
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage

from coop.core.extensions import db
from tests.integration.web import world

ROOT = Path(__file__).resolve().parents[3]
HUGE = "9" * 24


def _form_classes(cls: type = FlaskForm) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("coop."):
            found.append(sub)
        found += _form_classes(sub)
    return found


def field_names(app) -> set[str]:
    """Every name a form of the app reads: the fields of its forms (lists of subforms
    included), the names its templates give inputs, and those its views read themselves."""
    names: set[str] = set()
    with app.test_request_context():
        for form_class in _form_classes():
            form = form_class(formdata=None)
            names.update(field.name for field in form)
    for template in (ROOT / "templates").rglob("*.html"):
        names.update(re.findall(r'name="([\w-]+)"', template.read_text()))
    for module in (ROOT / "coop").rglob("*.py"):
        names.update(re.findall(r'request\.(?:form|args)\.get\("([\w-]+)"', module.read_text()))
    # Names a view builds from a prefix: the import's column mapping, the minutes' notes.
    names.update({"map-0", "map-1", "note-1", "units-0-product", "units-0-hives"})
    names.discard("csrf_token")
    return names


@pytest.fixture
def ground(app):
    with app.app_context():
        place = world.build("coop-a", "Zqxa")
        db.session.commit()
    clients = world.browsers(app, place)
    return place, {"admin": clients["admin"], "member": clients["member"]}


def _pdf_free(monkeypatch):
    # The PDF pages are reached, not typeset: WeasyPrint takes a second a page.
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7")


def test_form_fields_sent_as_files_are_refused_on_every_route(app, ground, monkeypatch):
    _pdf_free(monkeypatch)
    place, clients = ground
    names = field_names(app)
    failures = []
    for rule in world.routes(app):
        if "POST" not in world.methods(rule):
            continue
        for role, client in clients.items():
            data = {name: (io.BytesIO(b"1"), f"{name}.txt") for name in names}
            response = client.post(world.url(rule, place, role), data=data)
            response.close()
            if response.status_code >= 500:
                failures.append((rule.endpoint, role, response.status_code))
    assert not failures


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/login", ("email", "password")),
        ("/o/coop-a/login", ("number", "pin")),
        ("/o/coop-a/members/new", ("number", "given_names", "surnames", "sex", "joined_on")),
    ],
)
def test_a_field_sent_as_a_file_is_a_bad_request(app, ground, path, fields):
    _place, clients = ground
    data = {name: FileStorage(io.BytesIO(b"x"), filename="x.txt") for name in fields}
    assert clients["admin"].post(path, data=data).status_code == 400


def test_the_register_import_still_takes_its_file(app, ground):
    _place, clients = ground
    csv = "Número,Nombres,Apellidos,Sexo\n051,Ana,Pérez,F\n".encode()
    data = {"file": (io.BytesIO(csv), "padron.csv")}
    response = clients["admin"].post("/o/coop-a/members/import", data=data)
    assert response.status_code == 302 and "/members/import/" in response.location
    wrong = {"file": (io.BytesIO(csv), "padron.csv"), "extra": (io.BytesIO(b"x"), "x.txt")}
    assert clients["admin"].post("/o/coop-a/members/import", data=wrong).status_code == 400


def test_numbers_too_large_for_any_integer_are_never_an_error(app, ground, monkeypatch):
    _pdf_free(monkeypatch)
    place, clients = ground
    names = sorted(field_names(app) | {"page", "from", "for", "next", "preset", "q"})
    query = "&".join(f"{name}={HUGE}" for name in names)
    failures = []
    for rule in world.routes(app):
        for role, client in clients.items():
            address = world.url(rule, place, role)
            huge_ids = re.sub(r"/\d+(?=/|$)", f"/{HUGE}", address)
            for method in world.methods(rule):
                for target in (f"{address}?{query}", huge_ids):
                    form = dict.fromkeys(names, HUGE) if method == "POST" else None
                    response = client.open(target, method=method, data=form)
                    response.close()
                    if response.status_code >= 500:
                        failures.append((rule.endpoint, role, method, target[:60]))
    assert not failures


def test_the_ballot_and_the_statute_page_take_a_huge_number_calmly(app, ground):
    place, clients = ground
    base = f"/o/coop-a/assemblies/{place.ids['assembly_id']}"
    cast = clients["member"].post(
        f"{base}/votes/{place.ids['vote_id']}/ballot", data={"choice": "yes", "for": HUGE}
    )
    assert cast.status_code < 500
    # Out of any id's range, the number is as absent as a word: the statute in force is shown.
    assert clients["admin"].get(f"/o/coop-a/statute/new?from={HUGE}").status_code == 200
    assert clients["admin"].get(f"/o/coop-a/statute/new?from=-{HUGE}").status_code == 200
    assert clients["admin"].get(f"/o/coop-a/statute/new?from={2**31}").status_code == 200
    assert clients["member"].get(f"{base}/ballot").status_code == 200
