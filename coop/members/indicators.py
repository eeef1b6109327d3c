"""Figures about the register: members by status, sex, age and community; small producers."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from coop.core.dates import shift_years
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member, ProductionUnit
from coop.members.queries import thresholds
from coop.members.rules import (
    ELDER_FROM,
    VOTING_STATUSES,
    AgeBand,
    MemberStatus,
    ProducerSizes,
    Product,
    Threshold,
    is_small_producer,
)

# A production unit's area, as the column keeps it.
AREA = ProductionUnit.__table__.c.product_area_ha.type


@dataclass
class Indicators:
    total: int
    by_status: list[tuple[str, int]]
    by_sex: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    by_community: list[tuple[str, int]]
    small: ProducerSizes
    youth_max_age: int


def small_producer(org: Organization, member: Member) -> bool | None:
    """Whether this member is a small producer by the organization's thresholds."""
    return is_small_producer([u.facts for u in member.units], thresholds(org))


def register_indicators(org: Organization) -> Indicators:
    """The figures of the register; sex, age, community and size count active members.

    Counted by the database, grouped: the same few statements and a few hundred rows at
    most whatever the register's size (10,000 members sent row by row took 300 ms).
    """
    by_status = dict(
        db.session.execute(
            sa.select(Member.status, sa.func.count())
            .where(Member.organization_id == org.id)
            .group_by(Member.status)
        ).all()
    )
    voting = sa.and_(Member.organization_id == org.id, Member.status.in_(VOTING_STATUSES))
    band = _age_band(org.today(), org.youth_max_age)
    sexes: Counter[str] = Counter()
    places: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    for sex, community, age, count in db.session.execute(
        sa.select(Member.sex, Member.community, band, sa.func.count())
        .where(voting)
        .group_by(Member.sex, Member.community, band)
    ):
        sexes[sex.value] += count
        places[community or "—"] += count
        ages[age] += count
    return Indicators(
        total=sum(by_status.values()),
        by_status=[(s.value, by_status.get(s, 0)) for s in MemberStatus],
        by_sex=sorted(sexes.items(), key=lambda kv: -kv[1]),
        by_age=[(b.value, ages.get(b.value, 0)) for b in AgeBand],
        by_community=sorted(places.items(), key=lambda kv: (-kv[1], kv[0])),
        small=_producer_sizes(voting, thresholds(org), sum(sexes.values())),
        youth_max_age=org.youth_max_age,
    )


def _age_band(today: date, youth_max_age: int) -> sa.ColumnElement[str]:
    """`rules.age_band` of `rules.age_on` as SQL: a member born on or before the day N years
    ago is at least N today; from the year alone, the age reached during this year."""
    young_after = shift_years(today, -(youth_max_age + 1))
    elder_by = shift_years(today, -ELDER_FROM)
    return sa.case(
        (
            Member.birth_date.is_not(None),
            sa.case(
                (Member.birth_date > young_after, AgeBand.YOUNG.value),
                (Member.birth_date <= elder_by, AgeBand.ELDER.value),
                else_=AgeBand.ADULT.value,
            ),
        ),
        (
            Member.birth_year.is_not(None),
            sa.case(
                (Member.birth_year >= today.year - youth_max_age, AgeBand.YOUNG.value),
                (Member.birth_year <= today.year - ELDER_FROM, AgeBand.ELDER.value),
                else_=AgeBand.ADULT.value,
            ),
        ),
        else_=AgeBand.UNKNOWN.value,
    )


def _producer_sizes(
    voting: sa.ColumnElement[bool], limits: dict[Product, Threshold], members: int
) -> ProducerSizes:
    """`rules.is_small_producer` counted by the database: per member and product, the plots
    summed, then whether any product is over its limit; the `members` without a production
    unit are not known."""
    area = sa.func.round(sa.func.sum(sa.func.coalesce(ProductionUnit.product_area_ha, 0)), 2)
    per_product = (
        sa.select(
            ProductionUnit.member_id,
            ProductionUnit.product,
            # Rounded to the column's scale: SQLite sums in floating point (0.1 + 0.2).
            sa.type_coerce(area, AREA).label("area"),
            sa.func.sum(sa.func.coalesce(ProductionUnit.hives, 0)).label("hives"),
        )
        .join(Member, Member.id == ProductionUnit.member_id)
        .where(voting)
        .group_by(ProductionUnit.member_id, ProductionUnit.product)
        .subquery()
    )
    over = []
    for product, limit in limits.items():
        beyond = []
        if limit.max_area_ha is not None:
            beyond.append(per_product.c.area > limit.max_area_ha)
        if limit.max_hives is not None:
            beyond.append(per_product.c.hives > limit.max_hives)
        if beyond:
            over.append(sa.and_(per_product.c.product == product, sa.or_(*beyond)))
    big = sa.func.max(sa.case((sa.or_(*over), 1), else_=0)) if over else sa.literal(0)
    per_member = sa.select(big.label("big")).group_by(per_product.c.member_id).subquery()
    known, not_small = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(per_member.c.big), 0))
    ).one()
    return ProducerSizes(small=known - not_small, not_small=not_small, unknown=members - known)
