"""Figures about the register: members by status, sex, age and community; small producers."""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.models import Member
from coop.members.queries import thresholds
from coop.members.rules import (
    VOTING_STATUSES,
    AgeBand,
    MemberStatus,
    Share,
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
    small: Share
    youth_max_age: int


def small_producer(org: Organization, member: Member) -> bool | None:
    """Whether this member is a small producer by the organization's thresholds."""
    return is_small_producer([u.facts for u in member.units], thresholds(org))


def register_indicators(org: Organization) -> Indicators:
    """The figures of the register; sex, age, community and size count active members."""
    by_status = dict(
        db.session.execute(
            sa.select(Member.status, sa.func.count())
            .where(Member.organization_id == org.id)
            .group_by(Member.status)
        ).all()
    )
    active = list(
        db.session.scalars(
            scoped(Member, org)
            .where(Member.status.in_(VOTING_STATUSES))
            .options(selectinload(Member.units))
        )
    )
    today, limits = org.today(), thresholds(org)
    ages = Counter(
        age_band(age_on(today, m.birth_date, m.birth_year), org.youth_max_age) for m in active
    )
    sexes = Counter(m.sex.value for m in active)
    places = Counter(m.community or "—" for m in active)
    share = small_producer_share(
        is_small_producer([u.facts for u in m.units], limits) for m in active
    )
    return Indicators(
        total=sum(by_status.values()),
        by_status=[(s.value, by_status.get(s, 0)) for s in MemberStatus],
        by_sex=sorted(sexes.items(), key=lambda kv: -kv[1]),
        by_age=[(band.value, ages.get(band, 0)) for band in AgeBand],
        by_community=sorted(places.items(), key=lambda kv: (-kv[1], kv[0])),
        small=share,
        youth_max_age=org.youth_max_age,
    )
