import hashlib

import sqlalchemy as sa

from coop.core.extensions import db
from coop.minutes.models import Minutes
from tests.factories import hold_assembly, login_as, login_member


def _close_with_a_vote(client, world):
    return hold_assembly(client, world, yes=2, no=0, abstain=1)


def _minutes(app, world) -> Minutes:
    with app.app_context():
        return db.session.scalar(
            sa.select(Minutes).where(Minutes.assembly_id == world.a.assembly_id)
        )


def test_draft_is_written_from_the_record(client, world):
    login_as(client, "secretary")
    url = _close_with_a_vote(client, world)
    page = " ".join(client.get(f"{url}/").get_data(as_text=True).split())
    # The page speaks the reader's English; the draft is in the organization's Spanish.
    assert "Download PDF" in page and '<div class="paper" lang="es">' in page
    assert "Borrador del acta" in page
    assert (
        "La sesión se abrió en la convocatoria 1 con 3 socios presentes y 0 representados, "
        "de 5 habilitados para votar; se necesitaban 3."
    ) in page
    assert "Convocada el" in page and "Radio comunitaria" in page
    assert "sí 2, no 0, abstenciones 1" in page and "María Pérez 001" in page


def test_edit_approve_and_lock(app, client, world):
    login_as(client, "secretary")
    url = _close_with_a_vote(client, world)
    note = {
        f"note-{world.a.decision_item_id}": "Se aprobaron <b>los estados</b>.",
        f"note-{world.b.decision_item_id}": "ignored",
        "opening": "Apertura",
        "closing": "Fin",
    }
    assert client.post(f"{url}/edit", data=note).status_code == 302
    page = client.get(f"{url}/").get_data(as_text=True)
    assert "Se aprobaron &lt;b&gt;los estados&lt;/b&gt;." in page
    assert client.post(f"{url}/approve").status_code == 302
    minutes = _minutes(app, world)
    assert minutes.is_locked and minutes.number == 1
    assert minutes.locked_sha256 == hashlib.sha256(minutes.locked_html.encode()).hexdigest()
    assert str(world.b.decision_item_id) not in minutes.notes
    # The organization's language (es) is the language of the record.
    assert "Acta n.º 1" in minutes.locked_html and minutes.locked_locale == "es"
    # The majority applied is written in words, not as the stored code.
    assert "más de 1/2 de los votos emitidos" in minutes.locked_html
    assert "votes_cast" not in minutes.locked_html
    # Locked: no more edits, no second approval.
    client.post(f"{url}/edit", data={"opening": "Cambio"})
    assert "Approved minutes are locked" in client.get(f"{url}/").get_data(as_text=True)
    assert _minutes(app, world).opening == "Apertura"


def test_pdf_download(client, world):
    login_as(client, "secretary")
    url = _close_with_a_vote(client, world)
    client.post(f"{url}/approve")
    response = client.get(f"{url}/minutes.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")


def test_members_read_approved_minutes_but_not_drafts(client, world):
    login_as(client, "secretary")
    url = _close_with_a_vote(client, world)
    client.post("/logout")
    login_member(client)
    assert client.get(f"{url}/").status_code == 404
    client.post("/logout")
    login_as(client, "secretary")
    client.post(f"{url}/approve")
    client.post("/logout")
    login_member(client)
    assert client.get(f"{url}/").status_code == 200
    assert client.post(f"{url}/approve").status_code == 403
