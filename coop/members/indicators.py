"""Figures about the register: members by status, sex, age and community; small producers."""

from collections import Counter, defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member, ProductionUnit
from coop.members.queries import thresholds
from coop.members.rules import (
    VOTING_STATUSES,
    AgeBand,
    MemberStatus,
    ProducerSizes,
    UnitFacts,
    age_band,
    age_on,
    is_small_producer,
    small_producer_share,
)


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

    Plain rows, not members: three statements whatever the register's size.
    """
    by_status = dict(
        db.session.execute(
            sa.select(Member.status, sa.func.count())
            .where(Member.organization_id == org.id)
            .group_by(Member.status)
        ).all()
    )
    voting = sa.and_(Member.organization_id == org.id, Member.status.in_(VOTING_STATUSES))
    active = db.session.execute(
        sa.select(
            Member.id, Member.sex, Member.birth_date, Member.birth_year, Member.community
        ).where(voting)
    ).all()
    units = defaultdict(list)
    for member_id, product, area, hives in db.session.execute(
        sa.select(
            ProductionUnit.member_id,
            ProductionUnit.product,
            ProductionUnit.product_area_ha,
            ProductionUnit.hives,
        )
        .join(Member, Member.id == ProductionUnit.member_id)
        .where(voting)
    ):
        units[member_id].append(UnitFacts(product, area, hives))
    today, limits = org.today(), thresholds(org)
    ages = Counter(
        age_band(age_on(today, m.birth_date, m.birth_year), org.youth_max_age) for m in active
    )
    sexes = Counter(m.sex.value for m in active)
    places = Counter(m.community or "—" for m in active)
    share = small_producer_share(is_small_producer(units[m.id], limits) for m in active)
    return Indicators(
        total=sum(by_status.values()),
        by_status=[(s.value, by_status.get(s, 0)) for s in MemberStatus],
        by_sex=sorted(sexes.items(), key=lambda kv: -kv[1]),
        by_age=[(band.value, ages.get(band, 0)) for band in AgeBand],
        by_community=sorted(places.items(), key=lambda kv: (-kv[1], kv[0])),
        small=share,
        youth_max_age=org.youth_max_age,
    )
