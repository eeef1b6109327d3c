"""The record tells the truth about time: nothing opens early, and the minutes say when the
session really opened and closed."""

import hashlib
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from coop.assemblies import services as assemblies
from coop.assemblies.models import Assembly, AssemblyStatus
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.minutes.models import Minutes
from tests.factories import documents_in, hold_assembly, login_as, org_today


def _future_assembly(app, world) -> str:
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assembly = assemblies.create_assembly(
            org,
            "ordinary",
            "Asamblea de diciembre",
            datetime.now(UTC) + timedelta(days=20),
            "Sede",
            None,
        )
        assemblies.add_item(org, assembly, "Cuentas", "decision", None)
        assemblies.convene(org, assembly, org_today(), ["radio"], "", None)
        db.session.commit()
        return f"/o/coop-a/assemblies/{assembly.id}"


def test_a_session_cannot_open_before_its_first_call(app, client, world):
    base = _future_assembly(app, world)
    login_as(client, "secretary")
    for number in ("001", "002", "003", "004", "005"):
        client.post(f"{base}/attendance", data={"number": number})
    page = client.get(base).get_data(as_text=True)
    assert "Call 1 is set for" in page and "Open the session at call 1" not in page
    client.post(f"{base}/open")
    client.post(f"{base}/no-quorum")
    page = client.get(base).get_data(as_text=True)
    assert "its quorum is counted from then on" in page
    with app.app_context():
        assembly = db.session.get(Assembly, int(base.rsplit("/", 1)[1]))
        assert assembly.status == AssemblyStatus.CONVENED and assembly.opened_at is None
        assert assembly.failed_calls == []


def test_minutes_state_the_real_times_and_keep_the_pdf_of_their_approval(app, client, world):
    documents_in(app, world, "en")
    login_as(client, "secretary")
    url = hold_assembly(client, world, 3, 0, 0)
    with app.app_context():
        assembly = db.session.get(Assembly, world.a.assembly_id)
        assert assembly.opened_at is not None and assembly.closed_at >= assembly.opened_at
    page = client.get(f"{url}/").get_data(as_text=True)
    assert "the members of Cooperativa coop-a met" in page and "The session closed on" in page
    client.post(f"{url}/edit", data={"signer-president": "001", "signer-secretary": "002"})
    client.post(f"{url}/approve")
    first = client.get(f"{url}/minutes.pdf").data
    second = client.get(f"{url}/minutes.pdf").data
    assert first.startswith(b"%PDF") and first == second
    with app.app_context():
        minutes = db.session.scalar(
            sa.select(Minutes).where(Minutes.assembly_id == world.a.assembly_id)
        )
        assert minutes.locked_pdf_sha256 == hashlib.sha256(first).hexdigest()
