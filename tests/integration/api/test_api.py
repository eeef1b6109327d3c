"""The API answers what its OpenAPI document says, to a current token of the organization."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator, FormatChecker

from coop.auth.models import Access, Role
from coop.certifiers.services import issue_token
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from tests.factories import approve_minutes, hold_assembly, login_as, org_today


def token_for(app, slug: str = "coop-a", expires_on: date | None = None) -> str:
    with app.app_context():
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
        access = db.session.scalar(
            sa.select(Access).where(Access.organization_id == org.id, Access.role == Role.CERTIFIER)
        )
        _row, token = issue_token(org, access, "test", expires_on, None)
        db.session.commit()
        return token


@pytest.fixture
def held(client, world):
    login_as(client, "secretary")
    minutes = hold_assembly(client, world, yes=3, no=1, abstain=0)
    approve_minutes(client, minutes)
    client.post("/logout")
    return world


def test_every_path_answers_its_documented_schema(app, client, held):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    token = token_for(app)
    values = {"slug": "coop-a", "assembly_id": str(held.a.assembly_id), "period": "last-12-months"}
    headers = {"Authorization": f"Bearer {token}"}
    checked = 0
    for template, item in document["paths"].items():
        path = re.sub(r"{(\w+)}", lambda m: values[m.group(1)], template)
        response = client.get("/api/v1" + path, headers=headers)
        assert str(response.status_code) in item["get"]["responses"], path
        assert response.status_code == 200, (path, response.data)
        content = item["get"]["responses"]["200"]["content"]["application/json"]
        schema = {**content["schema"], "components": document["components"]}
        errors = list(
            Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(
                response.get_json()
            )
        )
        assert not errors, (path, errors[0].message)
        # Without the token, the documented refusal.
        refused = client.get("/api/v1" + path)
        assert refused.status_code == 401 and refused.get_json()["status"] == 401
        checked += 1
    assert checked == len(document["paths"]) >= 8


def test_members_come_without_sensitive_fields(app, client, held):
    headers = {"Authorization": f"Bearer {token_for(app)}"}
    page = client.get("/api/v1/organizations/coop-a/members", headers=headers).get_json()
    assert page["total"] == 6
    assert not {"national_id", "phone", "birth_date", "pin_hash"} & set(page["items"][0])


def test_another_organization_an_expired_or_revoked_token_get_nothing(app, client, held):
    token = token_for(app)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/organizations/coop-b", headers=headers).status_code == 404
    assert client.get("/api/v1/organizations/coop-b/members", headers=headers).status_code == 404
    bad = {"Authorization": "Bearer coop_not-a-token"}
    assert client.get("/api/v1/organizations", headers=bad).status_code == 401
    with app.app_context():
        access = db.session.scalar(
            sa.select(Access)
            .join(Organization)
            .where(Organization.slug == "coop-a", Access.role == Role.CERTIFIER)
        )
        access.expires_on = org_today() - timedelta(days=1)
        db.session.commit()
    assert client.get("/api/v1/organizations", headers=headers).status_code == 401


def test_a_revoked_token_gets_nothing(app, client, held):
    token = token_for(app)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/organizations", headers=headers).status_code == 200
    login_as(client, "admin")
    page = client.get("/o/coop-a/certifiers/").data.decode()
    token_id = re.search(r"/tokens/(\d+)/revoke", page).group(1)
    assert client.post(f"/o/coop-a/certifiers/tokens/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/organizations", headers=headers).status_code == 401


def test_api_answers_are_logged_for_the_organization(app, client, held):
    headers = {"Authorization": f"Bearer {token_for(app)}"}
    client.get("/api/v1/organizations/coop-a/assemblies", headers=headers)
    login_as(client, "admin")
    log = client.get("/o/coop-a/certifiers/log").data.decode()
    assert "/api/v1/organizations/coop-a/assemblies" in log
