"""Who gets 403 or 404 on what is not theirs."""

import pytest

from tests.factories import login_as, login_member, org_today


def _urls(w):
    a = w.a
    return {
        "register": "/o/coop-a/members/",
        "new_member": "/o/coop-a/members/new",
        "edit_member": f"/o/coop-a/members/{a.member_ids['002']}/edit",
        "new_assembly": "/o/coop-a/assemblies/new",
        "attendance": f"/o/coop-a/assemblies/{a.assembly_id}/attendance",
        "hands": f"/o/coop-a/assemblies/{a.assembly_id}/items/{a.decision_item_id}/hands",
        "export": "/o/coop-a/export/record.zip",
    }


@pytest.mark.parametrize(
    "name",
    ["register", "new_member", "edit_member", "new_assembly", "attendance", "hands", "export"],
)
def test_another_organizations_admin_gets_404(client, world, name):
    login_as(client, "admin", "coop-b")
    assert client.get(_urls(world)[name]).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["register", "new_member", "edit_member", "new_assembly", "attendance", "hands", "export"],
)
def test_member_gets_403_on_board_pages(client, world, name):
    login_member(client)
    assert client.get(_urls(world)[name]).status_code == 403


@pytest.mark.parametrize(
    "name", ["new_member", "edit_member", "new_assembly", "attendance", "hands"]
)
def test_certifier_reads_but_cannot_change(client, world, name):
    login_as(client, "certifier")
    assert client.get(_urls(world)[name]).status_code == 403
    assert client.get(_urls(world)["register"]).status_code == 200


@pytest.mark.parametrize("name", ["register", "export", "attendance"])
def test_anonymous_visitor_is_sent_to_login(client, world, name):
    response = client.get(_urls(world)[name])
    assert response.status_code == 302 and "/login" in response.location


def test_admin_cannot_reach_another_organizations_member_through_its_own_url(client, world):
    login_as(client, "admin")
    other = world.b.member_ids["002"]
    assert client.get(f"/o/coop-a/members/{other}/edit").status_code == 404
    assert client.post(f"/o/coop-a/members/{other}/pin").status_code == 404
    other_assembly = world.b.assembly_id
    assert client.get(f"/o/coop-a/assemblies/{other_assembly}").status_code == 404


def test_expired_certifier_loses_access(app, client, world):
    from datetime import timedelta

    import sqlalchemy as sa

    from coop.auth.models import Access, Role
    from coop.core.extensions import db

    with app.app_context():
        access = db.session.scalar(
            sa.select(Access).where(
                Access.role == Role.CERTIFIER, Access.organization_id == world.a.id
            )
        )
        access.expires_on = org_today() - timedelta(days=2)
        db.session.commit()
    login_as(client, "certifier")
    assert client.get("/o/coop-a/export/record.zip").status_code == 404
