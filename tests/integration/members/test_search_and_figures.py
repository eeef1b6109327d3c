from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

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


def test_the_figures_counted_by_the_database_are_the_rules_figures(app, world):
    """Ages at the edge of each band (birthdays today, tomorrow, on 29 February; the year
    alone) and plots whose areas sum to a limit in floating point (0.1 + 0.2 ha), counted
    by SQL, agree member by member with the rules the member's page applies."""
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from coop.members import bulk
    from coop.members.indicators import register_indicators
    from coop.members.models import Member
    from coop.members.queries import thresholds
    from coop.members.rules import (
        VOTING_STATUSES,
        AgeBand,
        Product,
        Threshold,
        age_band,
        age_on,
        is_small_producer,
    )
    from coop.members.threshold_services import save_thresholds

    with app.app_context():
        org = _org(app, world)
        today = org.today()
        limits = {Product.COFFEE: Threshold(Decimal("0.30")), Product.HONEY: Threshold(None, 500)}
        save_thresholds(org, limits, 29, None)
        births: list[dict] = []
        for years in (29, 30, 60, 61):
            edge = today.replace(year=today.year - years, day=min(today.day, 28))
            for shift in (-1, 0, 1):
                births.append({"birth_date": edge + timedelta(days=shift)})
            births.append({"birth_year": today.year - years})
        births += [{"birth_date": date(y, 2, 29)} for y in (1964, 1968, 1996, 2000, 2004)]
        plots = [
            [{"product": "coffee", "product_area_ha": Decimal("0.10")}] * 2
            + [{"product": "coffee", "product_area_ha": Decimal("0.10")}],
            [
                {"product": "coffee", "product_area_ha": Decimal("0.10")},
                {"product": "coffee", "product_area_ha": Decimal("0.20")},
            ],
            [{"product": "coffee", "product_area_ha": Decimal("0.31")}],
            [{"product": "honey", "hives": 250}, {"product": "honey", "hives": 250}],
            [{"product": "honey", "hives": 500}, {"product": "honey", "hives": 1}],
            [{"product": "cacao", "product_area_ha": Decimal("90")}],
            [{"product": "coffee", "product_area_ha": None}],
            [],
        ]
        rows = [
            bulk.NewMember(
                {
                    "number": f"9{n:03d}",
                    "given_names": "Ana",
                    "surnames": f"Edge {n}",
                    "sex": "female" if n % 2 else "male",
                    "community": f"C{n % 3}",
                    "joined_on": date(2015, 1, 1),
                    **birth,
                },
                status_since=date(2015, 1, 1),
                units=plots[n % len(plots)],
            )
            for n, birth in enumerate(births)
        ]
        bulk.insert_members(org, rows, "test", None)
        db.session.commit()

        figures = register_indicators(org)
        active = db.session.scalars(
            sa.select(Member)
            .where(Member.organization_id == org.id, Member.status.in_(VOTING_STATUSES))
            .options(selectinload(Member.units))
        ).all()
        limits = thresholds(org)
        bands = Counter(
            age_band(age_on(today, m.birth_date, m.birth_year), 29).value for m in active
        )
        sizes = Counter(is_small_producer([u.facts for u in m.units], limits) for m in active)
        assert dict(figures.by_age) == {b.value: bands.get(b.value, 0) for b in AgeBand}
        assert (figures.small.small, figures.small.not_small, figures.small.unknown) == (
            sizes[True],
            sizes[False],
            sizes[None],
        )
        assert dict(figures.by_sex) == dict(Counter(m.sex.value for m in active))
        assert dict(figures.by_community) == dict(Counter(m.community or "—" for m in active))
        assert sizes[True] and sizes[False] and bands["young"] and bands["elder"]
