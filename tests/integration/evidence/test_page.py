from tests.factories import approve_minutes, count_queries, hold_assembly, login_as, org_today


def _held(client, world):
    login_as(client, "secretary")
    minutes = hold_assembly(client, world, yes=3, no=0, abstain=0)
    approve_minutes(client, minutes)
    client.post("/logout")


def test_board_and_certifier_see_the_same_checks(client, world):
    _held(client, world)
    pages = {}
    for role in ("admin", "certifier"):
        login_as(client, role)
        response = client.get("/o/coop-a/evidence/last-12-months")
        assert response.status_code == 200, response.data[:3000]
        pages[role] = response.data.decode()
        client.post("/logout")
    for page in pages.values():
        assert "Governance evidence" in page
        assert page.count('class="check ') == 14
        # Approved, but not yet signed by those the statute names: not met.
        assert "Minutes no. 1 lack signatures the statute requires." in page
        assert 'class="check not_met" id="check-7"' in page
        assert "<svg" in page and "<script" not in page


def test_signed_minutes_meet_the_check(app, client, world):
    from tests.integration.minutes.helpers import locked_minutes

    locked_minutes(app, client, world)
    login_as(client, "certifier")
    page = client.get("/o/coop-a/evidence/last-12-months").get_data(as_text=True)
    assert "Minutes no. 1 approved" in page
    assert 'class="check met" id="check-7"' in page


def test_members_and_other_organizations_get_nothing(client, world):
    login_as(client, "certifier", "coop-b")
    assert client.get("/o/coop-a/evidence/last-12-months").status_code == 404
    client.post("/logout")
    from tests.factories import login_member

    login_member(client)
    assert client.get("/o/coop-a/evidence/last-12-months").status_code == 403


def second_assembly(app, client) -> None:
    """Another assembly of coop-a, held with two decisions and approved minutes."""
    from datetime import UTC, datetime, timedelta

    from coop.assemblies import services
    from coop.core.extensions import db
    from tests.factories import make_org  # noqa: F401 - the world's organizations exist

    with app.app_context():
        import sqlalchemy as sa

        from coop.core.tenancy.models import Organization

        org = db.session.scalar(sa.select(Organization).where(Organization.slug == "coop-a"))
        assembly = services.create_assembly(
            org, "extraordinary", "Otra", datetime.now(UTC) - timedelta(minutes=3), "Sede", None
        )
        items = [services.add_item(org, assembly, f"Punto {n}", "decision", None) for n in (1, 2)]
        services.convene(org, assembly, org_today() - timedelta(days=15), ["radio"], "", None)
        db.session.commit()
        base, item_ids = f"/o/coop-a/assemblies/{assembly.id}", [i.id for i in items]
    login_as(client, "secretary")
    for number in ("001", "002", "003", "004"):
        client.post(f"{base}/attendance", data={"number": number})
    client.post(f"{base}/open")
    for item_id in item_ids:
        client.post(f"{base}/items/{item_id}/hands", data={"yes": 3, "no": 1, "abstain": 0})
    client.post(f"{base}/close")
    approve_minutes(client, f"{base}/minutes")
    client.post("/logout")


def test_the_page_takes_a_fixed_number_of_queries(app, client, world):
    _held(client, world)
    login_as(client, "admin")
    few = count_queries(app, client, "/o/coop-a/evidence/last-12-months")
    client.post("/logout")
    second_assembly(app, client)
    login_as(client, "admin")
    page = client.get("/o/coop-a/evidence/last-12-months").data.decode()
    assert "Minutes no. 2 lack signatures" in page
    assert count_queries(app, client, "/o/coop-a/evidence/last-12-months") == few
