from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.services import set_units
from tests.factories import count_queries, login_as, make_member


def _org(app, world):
    return db.session.get(Organization, world.a.id)


def test_search_ignores_accents_and_case(client, world, app):
    with app.app_context():
        make_member(
            _org(app, world),
            "070",
            given_names="José Ángel",
            surnames="Núñez Peña",
            community="Santa Lucía",
        )
        db.session.commit()
    login_as(client, "secretary")
    for query in ("jose", "JOSÉ ángel", "nunez", "pena jose", "santa lucia", "070"):
        page = client.get("/o/coop-a/members/", query_string={"q": query}).get_data(as_text=True)
        assert "Núñez Peña" in page, query
    page = client.get("/o/coop-a/members/", query_string={"q": "100%_"}).get_data(as_text=True)
    assert "0 members" in page


def test_filters_and_sorting(client, world, app):
    with app.app_context():
        org = _org(app, world)
        member = make_member(
            org, "071", given_names="Ana", surnames="Abad", sex="female", community="El Edén"
        )
        set_units(org, member, [{"product": "honey", "hives": 30}], None)
        db.session.commit()
    login_as(client, "secretary")
    page = client.get("/o/coop-a/members/?product=honey").get_data(as_text=True)
    assert "Abad" in page and "1 member" in page
    page = client.get("/o/coop-a/members/?community=El+Edén&sex=female").get_data(as_text=True)
    assert "Abad" in page and "1 member" in page
    page = client.get("/o/coop-a/members/?sort=name").get_data(as_text=True)
    assert page.index("Abad") < page.index("Pérez 001")
    page = client.get("/o/coop-a/members/?sort=number&order=desc").get_data(as_text=True)
    assert page.index("900") < page.index("071") < page.index(">001<")
    # Unknown values are ignored rather than failing.
    assert client.get("/o/coop-a/members/?sort=drop&status=x&page=abc").status_code == 200


def test_list_and_search_queries_do_not_grow_with_the_register(app, client, world):
    login_as(client, "secretary")

    def count(url: str) -> int:
        return count_queries(app, client, url)

    with app.app_context():
        from coop.members.models import Member

        first = db.session.get(Member, world.a.member_ids["001"])
        set_units(_org(app, world), first, [{"product": "coffee", "product_area_ha": 1}], None)
        db.session.commit()
    urls = ["/o/coop-a/members/", "/o/coop-a/members/?q=perez&product=coffee&sort=name"]
    few = [count(url) for url in urls]
    with app.app_context():
        org = _org(app, world)
        for n in range(100, 220):
            member = make_member(org, str(n), surnames=f"Pérez {n}")
            set_units(org, member, [{"product": "coffee", "product_area_ha": 1}], None)
        db.session.commit()
    assert [count(url) for url in urls] == few


def test_indicators_and_thresholds(app, client, world):
    with app.app_context():
        org = _org(app, world)
        ids = world.a.member_ids
        from coop.members.models import Member

        set_units(
            org,
            db.session.get(Member, ids["001"]),
            [{"product": "coffee", "product_area_ha": 20}],
            None,
        )
        set_units(
            org,
            db.session.get(Member, ids["002"]),
            [{"product": "coffee", "product_area_ha": 3}],
            None,
        )
        db.session.commit()
    login_as(client, "secretary")
    page = client.get("/o/coop-a/members/indicators").get_data(as_text=True)
    assert "50%" in page and "1 of 2 active members" in page
    assert "3 active members have no production unit recorded." in page
    assert page.count("<svg") == 4
    response = client.post(
        "/o/coop-a/members/thresholds",
        data={"area-coffee": "25,5", "hives-honey": "500", "youth": "29"},
    )
    assert response.status_code == 302
    page = client.get("/o/coop-a/members/indicators").get_data(as_text=True)
    assert "100%" in page and "up to 29" in page
    bad = client.post("/o/coop-a/members/thresholds", data={"area-coffee": "-1", "youth": "200"})
    assert bad.status_code == 400
    assert "between 0 and" in bad.get_data(as_text=True)
    # Digits that are not ASCII ones ("²", Arabic-Indic) are refused with the message.
    for youth in ("²", "٣٠"):
        bad = client.post("/o/coop-a/members/thresholds", data={"youth": youth})
        assert bad.status_code == 400 and "Enter an age between 10 and 60." in bad.text
    client.post("/logout")
    login_as(client, "certifier")
    assert client.get("/o/coop-a/members/indicators").status_code == 200
    assert client.post("/o/coop-a/members/thresholds", data={}).status_code == 403
