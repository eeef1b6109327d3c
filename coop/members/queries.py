"""Reading the register: search, who was a member in which status on a date, thresholds."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.employment_rules import Withheld, withheld_on
from coop.members.models import (
    EmploymentPeriod,
    GoodStandingPeriod,
    Member,
    MemberStatusChange,
    ProductionUnit,
    SmallProducerThreshold,
)
from coop.members.rules import (
    DEFAULT_MAX_AREA_HA,
    DEFAULT_MAX_HIVES,
    VOTING_STATUSES,
    MemberStatus,
    Product,
    Sex,
    Threshold,
    fold,
)

SORTS = {
    "number": (Member.number_key, Member.number),
    "name": (Member.surnames, Member.given_names),
    "community": (Member.community, Member.surnames),
    "joined": (Member.joined_on, Member.number_key),
}


@dataclass(frozen=True)
class Filters:
    """What the register list is narrowed and ordered by; unknown values are ignored."""

    query: str = ""
    status: str = ""
    community: str = ""
    sex: str = ""
    product: str = ""
    sort: str = "number"
    descending: bool = False


def filters_from(args: Mapping[str, str]) -> Filters:
    """The filters a register page's query string asks for, trimmed to their limits."""
    return Filters(
        query=args.get("q", "")[:100],
        status=args.get("status", ""),
        community=args.get("community", "")[:120],
        sex=args.get("sex", ""),
        product=args.get("product", ""),
        sort=args.get("sort", "number"),
        descending=args.get("order") == "desc",
    )


def search_members(org: Organization, filters: Filters) -> sa.Select:
    """Members matching the filters; the text search ignores accents and case."""
    stmt = scoped(Member, org).options(selectinload(Member.units))
    for word in fold(filters.query).split()[:6]:
        stmt = stmt.where(Member.search_text.contains(word, autoescape=True))
    if filters.status in set(MemberStatus):
        stmt = stmt.where(Member.status == MemberStatus(filters.status))
    if filters.sex in set(Sex):
        stmt = stmt.where(Member.sex == Sex(filters.sex))
    if filters.community:
        stmt = stmt.where(Member.community == filters.community)
    if filters.product in set(Product):
        stmt = stmt.where(
            sa.exists().where(
                ProductionUnit.member_id == Member.id,
                ProductionUnit.product == Product(filters.product),
            )
        )
    columns = SORTS.get(filters.sort, SORTS["number"])
    order = [c.desc() if filters.descending else c.asc() for c in columns]
    return stmt.order_by(*order, Member.id)


def communities(org: Organization) -> list[str]:
    """The communities named in the register, for the filter."""
    return list(
        db.session.scalars(
            sa.select(Member.community)
            .where(Member.organization_id == org.id, Member.community != "")
            .distinct()
            .order_by(Member.community)
        )
    )


def _not_corrected() -> sa.ColumnElement[bool]:
    """History entries that no later entry corrects."""
    correction = aliased(MemberStatusChange)
    return ~sa.exists().where(correction.corrects_id == MemberStatusChange.id)


def status_on_subquery(org: Organization, day: date, among: list[int] | None = None) -> sa.Subquery:
    """(member_id, status) of the history entry in force on `day`, one row per member (of
    `among` only, when given: the filter goes inside, before the history is ranked)."""
    ranked = (
        sa.select(
            MemberStatusChange.member_id,
            MemberStatusChange.status,
            sa.func.row_number()
            .over(
                partition_by=MemberStatusChange.member_id,
                order_by=(MemberStatusChange.effective_on.desc(), MemberStatusChange.id.desc()),
            )
            .label("rank"),
        )
        .where(
            MemberStatusChange.organization_id == org.id,
            MemberStatusChange.effective_on <= day,
            _not_corrected(),
        )
        .where(sa.true() if among is None else MemberStatusChange.member_id.in_(among))
        .subquery()
    )
    return sa.select(ranked.c.member_id, ranked.c.status).where(ranked.c.rank == 1).subquery()


def good_standing_on(org: Organization, day: date) -> sa.Select:
    """The ids of members in good standing on `day` (see standing_rules.standing_on): the
    latest recorded period that had started speaks, and the opposite holds after its end."""
    period = GoodStandingPeriod
    ranked = (
        sa.select(
            period.member_id,
            period.in_good_standing,
            period.ends_on,
            sa.func.row_number()
            .over(partition_by=period.member_id, order_by=period.id.desc())
            .label("rank"),
        )
        .where(period.organization_id == org.id, period.starts_on <= day)
        .subquery()
    )
    still = sa.or_(ranked.c.ends_on.is_(None), ranked.c.ends_on >= day)
    return sa.select(ranked.c.member_id).where(
        ranked.c.rank == 1,
        sa.or_(
            sa.and_(ranked.c.in_good_standing.is_(True), still),
            sa.and_(ranked.c.in_good_standing.is_(False), sa.not_(still)),
        ),
    )


def eligible_ids(
    org: Organization,
    day: date,
    good_standing_only: bool,
    among: list[int] | None = None,
    excluded: Sequence[sa.Select] = (),
) -> sa.Select:
    """Members entitled to vote on `day`: active then, and in good standing then if required,
    and in none of the `excluded` selects of member ids; of `among` only, when given."""
    current = status_on_subquery(org, day, among)
    stmt = sa.select(current.c.member_id).where(current.c.status.in_(VOTING_STATUSES))
    if good_standing_only:
        standing = good_standing_on(org, day).subquery()
        stmt = stmt.join(standing, standing.c.member_id == current.c.member_id)
    for leave_out in excluded:
        stmt = stmt.where(current.c.member_id.not_in(leave_out))
    return stmt


def vote_withheld_by_employment(
    org: Organization, day: date, latest_approval: date | None
) -> sa.Select:
    """The ids of members whose vote is withheld on `day` by employment with the cooperative
    (see employment_rules.withheld_on): employed that day, or left in a year whose accounts
    were not approved by then. `latest_approval` is the day of the latest assembly, on or
    before `day`, that adopted a vote on the accounts: it approves every year before its own."""
    period = EmploymentPeriod
    approved = sa.and_(period.accounts_approved_on.is_not(None), period.accounts_approved_on <= day)
    if latest_approval is not None and latest_approval <= day:
        approved = sa.or_(approved, period.ends_on < date(latest_approval.year, 1, 1))
    return sa.select(period.member_id).where(
        period.organization_id == org.id,
        period.starts_on <= day,
        sa.or_(period.ends_on.is_(None), period.ends_on >= day, sa.not_(approved)),
    )


def employment_withholding(
    org: Organization, member_ids: list[int], day: date, latest_approval: date | None
) -> dict[int, Withheld]:
    """Of these members, those whose vote employment withholds on `day`, and until when."""
    periods: dict[int, list[EmploymentPeriod]] = {}
    for start in range(0, len(member_ids), 1000):
        chunk = member_ids[start : start + 1000]
        stmt = scoped(EmploymentPeriod, org).where(EmploymentPeriod.member_id.in_(chunk))
        for row in db.session.scalars(stmt):
            periods.setdefault(row.member_id, []).append(row)
    found = {}
    for member_id, rows in periods.items():
        withheld = withheld_on([r.period for r in rows], day, latest_approval)
        if withheld is not None:
            found[member_id] = withheld
    return found


def incomplete_members(org: Organization) -> sa.Select:
    """Members whose record lacks a fact the board still has to give: today, the date of a
    status recorded without one. For the "to complete" page and the evidence."""
    unknown = sa.exists().where(
        MemberStatusChange.member_id == Member.id,
        MemberStatusChange.date_unknown.is_(True),
        _not_corrected(),
    )
    return (
        scoped(Member, org)
        .where(unknown)
        .options(selectinload(Member.history))
        .order_by(Member.number_key, Member.number)
    )


def count_incomplete_members(org: Organization) -> int:
    """How many members `incomplete_members` lists."""
    subquery = incomplete_members(org).order_by(None).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(subquery)) or 0


def thresholds(org: Organization) -> dict[Product, Threshold]:
    """The organization's small-producer limits, with the defaults where none is set."""
    limits = {product: Threshold(DEFAULT_MAX_AREA_HA) for product in Product}
    limits[Product.HONEY] = Threshold(None, DEFAULT_MAX_HIVES)
    for row in db.session.scalars(scoped(SmallProducerThreshold, org)):
        limits[row.product] = Threshold(row.max_area_ha, row.max_hives)
    return limits
