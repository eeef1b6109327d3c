import pytest
import sqlalchemy as sa

from coop.core.extensions import db
from coop.members.models import Member
from tests.factories import login_as


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def test_post_without_csrf_token_changes_nothing(csrf_app, world):
    client = csrf_app.test_client()
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    login_as(client, "admin")
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        "/o/coop-a/members/new",
        data={
            "number": "777",
            "given_names": "Ana",
            "surnames": "Sin Token",
            "sex": "female",
            "community": "",
            "joined_on": "2020-01-01",
            "status": "active",
        },
    )
    assert response.status_code == 400
    with csrf_app.app_context():
        assert db.session.scalar(sa.select(Member).where(Member.number == "777")) is None


def test_login_form_carries_a_csrf_token(csrf_app, world):
    page = csrf_app.test_client().get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
