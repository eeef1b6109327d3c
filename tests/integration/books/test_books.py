import re
from datetime import date

import pytest
import sqlalchemy as sa

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.services import change_status
from tests.factories import login_as, login_member, make_member, org_member, org_today
from tests.integration.minutes.helpers import locked_minutes
from tests.pdfs import is_pdf_a, pdf_pages, pdf_text, qpdf_check


def _pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/pdf"
    qpdf_check(response.data)
    assert is_pdf_a(response.data)
    return response.data


def _statements(text: str, content: bytes, book: str) -> None:
    """The opening and closing statements name the book and its true number of pages."""
    pages = pdf_pages(content)
    assert "Acta de apertura" in text and "Acta de cierre" in text
    assert f"El presente {book} de Cooperativa coop-a consta de {pages} páginas numeradas" in text
    assert f"de la 1 a la {pages}" in text
    assert "Se extiende la presente acta de apertura a" in text and "días del mes de" in text
    # Every page carries its number in one continuous count.
    for page in range(1, pages + 1):
        assert re.search(rf"\b{page} ?/ ?{pages}\b", text), page


def test_book_of_minutes(app, client, world):
    locked_minutes(app, client, world)
    login_as(client, "certifier")
    content = _pdf(client, "/o/coop-a/books/minutes.pdf")
    text = pdf_text(content)
    _statements(text, content, "libro de actas")
    assert "contiene las actas n.º 1 a n.º 1" in text
    for fact in (
        "Acta n.º 1",
        "quedó constituida en primera convocatoria con un quórum de 3 socios presentes",
        "Sí: 2; No: 0; Abstención: 1",
        "firmado en coop por María Pérez 001",
        "firmado en coop por José Pérez 002",
        "001 María Pérez 001; 002 José Pérez 002; 003 Ana Pérez 003",
    ):
        assert fact in text, fact
    assert "Aviso" not in text
    this_year = org_today().year
    assert "Acta n.º 1" in pdf_text(_pdf(client, f"/o/coop-a/books/minutes.pdf?year={this_year}"))
    earlier = pdf_text(_pdf(client, f"/o/coop-a/books/minutes.pdf?year={this_year - 3}"))
    assert "contiene ningún acta aprobada" in earlier and "Acta n.º 1" not in earlier


def test_the_book_of_minutes_warns_of_an_altered_record(app, client, world):
    from coop.minutes.models import Minutes

    locked_minutes(app, client, world)
    with app.app_context():
        minutes = db.session.scalar(sa.select(Minutes))
        minutes.locked_html = minutes.locked_html.replace("Sí: 2", "Sí: 4")
        db.session.commit()
    login_as(client, "admin")
    text = pdf_text(_pdf(client, "/o/coop-a/books/minutes.pdf"))
    assert "Aviso: este registro ya no coincide con su sello." in text
    assert text.count("ya no es válida: el texto no es el que se firmó") == 2


def test_attendance_book_of_an_assembly_and_of_a_year(app, client, world):
    locked_minutes(app, client, world)
    login_as(client, "secretary")
    assembly = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    page = client.get(assembly).text
    assert "Attendance book of this assembly (PDF)" in page
    content = _pdf(client, f"{assembly}/papers/attendance-book.pdf")
    text = pdf_text(content)
    _statements(text, content, "libro de asistencia")
    assert "contiene la asistencia de la asamblea general “Asamblea ordinaria”" in text
    assert "Firmaron la asistencia 3 socios." in text
    for number, name in (("001", "María"), ("002", "José"), ("003", "Ana")):
        assert re.search(rf"{number} {name} Pérez {number}: \d", text), number
    assert "004 Luis" not in text
    content = _pdf(client, f"/o/coop-a/books/attendance.pdf?year={org_today().year}")
    text = pdf_text(content)
    assert "contiene la asistencia de 1 asamblea general celebrada en" in text
    assert "Firmaron la asistencia 3 socios." in text
    empty = pdf_text(_pdf(client, "/o/coop-a/books/attendance.pdf?year=2001"))
    assert "la asistencia de 0 asambleas generales celebradas en 2001" in empty


def test_register_of_members_in_order_of_admission_with_exits(app, client, world):
    with app.app_context():
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == "coop-a"))
        early = make_member(org, "077", given_names="Eulalia", surnames="Primera")
        early.joined_on = date(2001, 5, 2)
        change_status(
            org, org_member(org, "004"), "withdrawn", date(2024, 2, 1), "Renuncia", "Acta 9", None
        )
        other = db.session.scalar(sa.select(Organization).where(Organization.slug == "coop-b"))
        make_member(other, "078", given_names="Zacarías", surnames="Ajeno")
        db.session.commit()
    login_as(client, "admin")
    content = _pdf(client, "/o/coop-a/books/register.pdf")
    text = pdf_text(content)
    _statements(text, content, "registro de socios")
    assert "las inscripciones de 7 socios, por orden de ingreso" in text
    # The earliest admission comes first.
    assert text.index("Eulalia Primera") < text.index("María Pérez 001")
    assert re.search(r"Baja 1 feb 2024: \w+; Renuncia; Acta 9", text)
    # Another organization's members are not in it.
    assert "Zacarías" not in text and "coop-b" not in text


def test_papers_for_a_day_without_a_connection(app, client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    page = client.get(base).text
    assert "Attendance sheet to sign (PDF)" in page and "Ballots for item 2" in page
    content = _pdf(client, f"{base}/papers/attendance-sheet.pdf")
    text = pdf_text(content)
    assert "Hoja de asistencia" in text and "Firma" in text and "Asamblea ordinaria" in text
    for number in ("001", "002", "003", "004", "005"):
        assert number in text
    # Only members entitled to vote: 900 is suspended.
    assert "900" not in text
    assert "5 socios tienen derecho a voto." in text
    ballots = _pdf(client, f"{base}/papers/ballots/{world.a.decision_item_id}.pdf?copies=5")
    assert pdf_pages(ballots) == 3  # six ballots, two to a sheet
    text = pdf_text(ballots)
    assert text.count("2. Estados financieros") == 6
    assert text.count("Sí") == 6 and text.count("Abstención") == 6
    assert "No firme esta papeleta." in text
    # Without a number: one for every member entitled to vote, in whole sheets.
    assert pdf_pages(_pdf(client, f"{base}/papers/ballots/{world.a.decision_item_id}.pdf")) == 3
    results = pdf_text(_pdf(client, f"{base}/papers/results-sheet.pdf"))
    assert "Escrutinio de la votación" in results and "2. Estados financieros" in results
    assert "Se decide por más de 1/2 de los votos emitidos." in results
    assert "Boletas en blanco" in results and "Escrutador" in results
    assert "1. Informe" not in results


@pytest.mark.parametrize(
    "path",
    [
        "/o/coop-a/books/",
        "/o/coop-a/books/minutes.pdf",
        "/o/coop-a/books/attendance.pdf",
        "/o/coop-a/books/register.pdf",
    ],
)
def test_books_are_for_the_board_and_the_certifier(client, world, path):
    login_member(client)
    assert client.get(path).status_code == 403
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert client.get(path).status_code == 404
    client.post("/logout")
    login_as(client, "certifier")
    assert client.get(path).status_code == 200


def test_papers_are_for_the_board_of_the_assembly(client, world):
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}/papers"
    login_as(client, "certifier")
    assert client.get(f"{base}/attendance-sheet.pdf").status_code == 403
    assert "Attendance sheet to sign" not in client.get(base.rsplit("/", 1)[0]).text
    client.post("/logout")
    login_as(client, "secretary")
    # Another organization's agenda item is not found through this assembly.
    assert client.get(f"{base}/ballots/{world.b.decision_item_id}.pdf").status_code == 404
    other = f"/o/coop-a/assemblies/{world.b.assembly_id}/papers/results-sheet.pdf"
    assert client.get(other).status_code == 404
