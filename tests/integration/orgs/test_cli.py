import sqlalchemy as sa

from coop.assemblies.models import Assembly
from coop.core.extensions import db
from coop.demo import DEMO_PASSWORD, SLUG
from coop.members.models import Member
from coop.minutes.models import Minutes
from tests.factories import login, login_member


def test_demo_loads_a_living_cooperative_once(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        members = db.session.scalar(sa.select(sa.func.count()).select_from(Member))
        assert 55 <= members <= 65
        minutes = db.session.scalars(sa.select(Minutes)).all()
        assert len(minutes) == 1 and minutes[0].is_locked
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Assembly)) == 2
    assert runner.invoke(args=["demo"]).output.startswith("The demo organization is already")
    assert login(client, "admin@demo.coop", DEMO_PASSWORD).status_code == 302
    client.post("/logout")
    assert login_member(client, slug=SLUG, number="0001", pin="123456").status_code == 302


def test_create_organization_and_admin(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "org",
            "create",
            "apicola-sur",
            "Apícola del Sur",
            "--country",
            "UY",
            "--timezone",
            "America/Montevideo",
        ]
    )
    assert result.exit_code == 0, result.output
    bad = runner.invoke(args=["org", "create", "Bad Slug!", "x"])
    assert bad.exit_code != 0 and "short name" in bad.output
    result = runner.invoke(
        args=["org", "admin", "apicola-sur", "jefa@apicola.test", "--password", "s3cret-pass"]
    )
    assert result.exit_code == 0, result.output
    assert login(client, "jefa@apicola.test", "s3cret-pass").location == "/"
    assert client.get("/").location == "/o/apicola-sur/"
