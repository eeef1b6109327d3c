"""A certifier's access: read-only, expiring, limited to its periods, and logged."""

from datetime import timedelta

import sqlalchemy as sa

from coop.auth.models import Access, Role
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from tests.factories import hold_assembly, login_as, org_today


def certifier_access(slug: str = "coop-a") -> Access:
    return db.session.scalar(
        sa.select(Access)
        .join(Organization)
        .where(Organization.slug == slug, Access.role == Role.CERTIFIER)
    )


def test_an_expired_certifier_gets_nothing(app, client, world):
    with app.app_context():
        certifier_access().expires_on = org_today() - timedelta(days=1)
        db.session.commit()
    login_as(client, "certifier")
    for url in ("/o/coop-a/evidence/last-12-months", "/o/coop-a/export/", "/o/coop-a/members/"):
        assert client.get(url).status_code == 404, url
    assert (
        client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"}).status_code
        == 404
    )


def test_a_certifier_of_another_organization_gets_nothing(client, world):
    login_as(client, "certifier", "coop-b")
    assert client.get("/o/coop-a/evidence/last-12-months").status_code == 404
    assert client.get(f"/o/coop-a/assemblies/{world.a.assembly_id}").status_code == 404
    assert (
        client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"}).status_code
        == 404
    )


def test_pages_and_exports_a_certifier_opens_are_logged(client, world):
    login_as(client, "certifier")
    client.get("/o/coop-a/evidence/last-12-months")
    response = client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"})
    digest = response.headers["X-Coop-Manifest-SHA256"]
    client.post("/logout")
    login_as(client, "admin")
    log = client.get("/o/coop-a/certifiers/log").data.decode()
    assert "/o/coop-a/evidence/last-12-months" in log
    assert digest in log
    client.post("/logout")
    login_as(client, "admin", "coop-b")
    assert digest not in client.get("/o/coop-b/certifiers/log").data.decode()


def test_a_certifier_limited_to_a_period_sees_no_other(app, client, world):
    login_as(client, "secretary")
    hold_assembly(client, world, yes=3, no=0, abstain=0)
    client.post("/logout")
    login_as(client, "admin")
    with app.app_context():
        access_id = certifier_access().id
    last_year = org_today().year - 1
    limits = {
        f"a{access_id}-period_from": f"{last_year - 1}-01-01",
        f"a{access_id}-period_until": f"{last_year}-12-31",
        f"a{access_id}-report_locale": "fr",
    }
    assert client.post(f"/o/coop-a/certifiers/{access_id}/limits", data=limits).status_code == 302
    client.post("/logout")
    login_as(client, "certifier")
    assert client.get(f"/o/coop-a/evidence/fy-{last_year}").status_code == 200
    assert client.get("/o/coop-a/evidence/last-12-months").status_code == 404
    assert client.get(f"/o/coop-a/assemblies/{world.a.assembly_id}").status_code == 404
    assert (
        client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"}).status_code
        == 404
    )
    response = client.post("/o/coop-a/export/record.zip", data={"period": f"fy-{last_year}"})
    assert response.status_code == 200


def test_a_certifier_changes_nothing(client, world):
    login_as(client, "certifier")
    assert client.get("/o/coop-a/evidence/settings").status_code == 403
    assert client.get("/o/coop-a/certifiers/").status_code == 403
    assert client.post(f"/o/coop-a/assemblies/{world.a.assembly_id}/open").status_code == 403
