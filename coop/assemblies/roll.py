"""Who may vote in an assembly, who is in the room, and the quorum those make."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from coop.assemblies import signals
from coop.assemblies.models import (
    Assembly,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    ByLawAbstention,
    Delegate,
    Proxy,
    Voter,
)
from coop.assemblies.services import assembly_day, rules_for
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.queries import eligible_ids
from coop.statutes.rules import Eligibility, EligibleOn, Quorum, StatuteRules, quorum


def eligible_select(
    org: Organization, assembly: Assembly, rules: StatuteRules, among: list[int] | None = None
) -> sa.Select:
    """Ids of the members entitled to vote: the frozen roll once the session opened; in a
    delegate assembly, its delegates; otherwise the members entitled on the day the statute
    fixes the roll (the notice's date, or the assembly's); of `among` only, when given."""
    if assembly.opened_at is not None:
        stmt = sa.select(Voter.member_id).where(Voter.assembly_id == assembly.id)
        return stmt if among is None else stmt.where(Voter.member_id.in_(among))
    if assembly.kind == AssemblyKind.DELEGATE:
        stmt = sa.select(Delegate.member_id).where(Delegate.assembly_id == assembly.id)
        return stmt if among is None else stmt.where(Delegate.member_id.in_(among))
    day = roll_day(org, assembly, rules)
    good_standing = rules.eligibility == Eligibility.GOOD_STANDING
    excluded = signals.roll_exclusion_selects(org, assembly=assembly, rules=rules, day=day)
    return eligible_ids(org, day, good_standing, among, excluded)


def roll_day(org: Organization, assembly: Assembly, rules: StatuteRules) -> date:
    """The day on which the statute draws the roll: the notice's date, or the assembly's."""
    if rules.eligible_on == EligibleOn.NOTICE and assembly.notice_given_on is not None:
        return assembly.notice_given_on
    return assembly_day(org, assembly)


def refusal_reasons(org: Organization, assembly: Assembly, member_ids: list[int]) -> dict[int, str]:
    """Why the layers above leave these members out of the assembly's roll, where they do."""
    rules = rules_for(org, assembly)
    day = roll_day(org, assembly, rules)
    return signals.roll_refusal_reasons(
        org, assembly=assembly, rules=rules, day=day, member_ids=member_ids
    )


def eligible_among(org: Organization, assembly: Assembly, member_ids: list[int]) -> set[int]:
    """Which of these members are entitled to vote in this assembly."""
    rules, found = rules_for(org, assembly), set()
    for start in range(0, len(member_ids), 1000):
        chunk = member_ids[start : start + 1000]
        found.update(db.session.scalars(eligible_select(org, assembly, rules, chunk)))
    return found


def is_eligible(org: Organization, assembly: Assembly, member: Member) -> bool:
    """Whether `member` is entitled to vote in this assembly."""
    return member.id in eligible_among(org, assembly, [member.id])


def present_select(assembly: Assembly) -> sa.Select:
    """Ids of the members in the room now: checked in and not departed."""
    return sa.select(Attendance.member_id).where(
        Attendance.assembly_id == assembly.id, Attendance.departed_at.is_(None)
    )


def quorum_panel(org: Organization, assembly: Assembly) -> Quorum:
    """Present, represented, eligible and required at the call in play, in one statement.

    Before the session opens the panel counts who is in the room and the proxies they carry
    (check-in and proxies admit only members entitled to vote), against everyone entitled
    today; once it is open, everything is counted against the roll frozen at the opening,
    which `counted_against` also decides the opening by.
    """
    rules = rules_for(org, assembly)
    if assembly.status == AssemblyStatus.CLOSED and assembly.eligible_count is not None:
        return Quorum(
            assembly.present_count or 0,
            assembly.represented_count or 0,
            assembly.eligible_count,
            assembly.quorum_required or 0,
            assembly.current_call or 1,
        )
    if assembly.opened_at is not None:
        counts = counted_against(assembly, roll_select(assembly))
    else:
        counts = _counted_live(org, assembly, rules)
    call = min(assembly.next_call, len(rules.calls))
    return quorum(rules, call, *counts, in_session=assembly.is_in_session)


def roll_select(assembly: Assembly) -> sa.Select:
    """Ids of the members on the roll frozen when the session opened."""
    return sa.select(Voter.member_id).where(Voter.assembly_id == assembly.id)


def counted_against(assembly: Assembly, roll: sa.Select) -> tuple[int, int, int]:
    """(present, represented, on the roll): the room counted against a roll of members."""
    on_roll = roll.subquery()

    def listed(column: sa.ColumnElement[int]) -> sa.Exists:
        return sa.exists().where(on_roll.c.member_id == column)

    count = sa.func.count()
    total = sa.select(count).select_from(on_roll).scalar_subquery()
    present = (
        sa.select(count)
        .select_from(Attendance)
        .where(
            Attendance.assembly_id == assembly.id,
            Attendance.departed_at.is_(None),
            listed(Attendance.member_id),
        )
        .scalar_subquery()
    )
    represented = (
        sa.select(count)
        .select_from(Proxy)
        .where(
            Proxy.assembly_id == assembly.id,
            Proxy.holder_id.in_(present_select(assembly)),
            listed(Proxy.represented_id),
        )
        .scalar_subquery()
    )
    row = db.session.execute(sa.select(present, represented, total)).one()
    return row[0], row[1], row[2]


def _counted_live(
    org: Organization, assembly: Assembly, rules: StatuteRules
) -> tuple[int, int, int]:
    """(present, represented, entitled) before the session opens, without setting the room
    against the whole register: that is done once, at the opening."""
    count = sa.func.count()
    total = (
        sa.select(count)
        .select_from(eligible_select(org, assembly, rules).subquery())
        .scalar_subquery()
    )
    present = sa.select(count).select_from(present_select(assembly).subquery()).scalar_subquery()
    represented = (
        sa.select(count)
        .select_from(Proxy)
        .where(Proxy.assembly_id == assembly.id, Proxy.holder_id.in_(present_select(assembly)))
        .scalar_subquery()
    )
    row = db.session.execute(sa.select(present, represented, total)).one()
    return row[0], row[1], row[2]


def voters_for(assembly: Assembly, member: Member) -> list[Member]:
    """Whom a member may vote for now: themself and those they carry a proxy of, if they are
    in the room and on the roll; nobody otherwise."""
    present = db.session.scalar(
        sa.select(Attendance.id).where(
            Attendance.assembly_id == assembly.id,
            Attendance.member_id == member.id,
            Attendance.departed_at.is_(None),
        )
    )
    on_roll = db.session.scalar(
        sa.select(Voter.id).where(Voter.assembly_id == assembly.id, Voter.member_id == member.id)
    )
    if present is None or on_roll is None:
        return []
    represented = db.session.scalars(
        sa.select(Member)
        .join(Proxy, Proxy.represented_id == Member.id)
        .join(Voter, sa.and_(Voter.member_id == Member.id, Voter.assembly_id == assembly.id))
        .where(Proxy.assembly_id == assembly.id, Proxy.holder_id == member.id)
        .order_by(Member.number)
    )
    return [member, *represented]


@dataclass(frozen=True)
class Standing:
    """Where a member stands to cast a ballot on one agenda item."""

    present: bool  # in the room and on the roll
    allowed: bool  # the ballot is theirs, or a proxy they carry for a member on the roll
    barred: bool  # the member whose ballot it is abstains by law on this item


# An id in a standing's SQL: a value, a bind parameter of a statement built once, or the
# column of the members it is asked of.
Id = int | sa.BindParameter[int] | sa.ColumnElement[int]
# Member ids per IN (...) list.
IDS_PER_QUERY = 1000


def _standing_parts(
    assembly_id: Id, item_id: Id, member_id: Id, voter_id: Id, by_proxy: bool
) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[bool], sa.ColumnElement[bool]]:
    here = sa.exists().where(
        Attendance.assembly_id == assembly_id,
        Attendance.member_id == member_id,
        Attendance.departed_at.is_(None),
    )

    def on_roll(who: Id) -> sa.Exists:
        return sa.exists().where(Voter.assembly_id == assembly_id, Voter.member_id == who)

    carries = sa.exists().where(
        Proxy.assembly_id == assembly_id,
        Proxy.holder_id == member_id,
        Proxy.represented_id == voter_id,
    )
    allowed = sa.and_(carries, on_roll(voter_id)) if by_proxy else sa.true()
    barred = sa.exists().where(
        ByLawAbstention.agenda_item_id == item_id, ByLawAbstention.member_id == voter_id
    )
    return sa.and_(here, on_roll(member_id)), allowed, barred


def may_vote_for(assembly_id: int, item_id: int, member_id: int, voter_id: int) -> Standing:
    """In one query: whether the member is in the room and on the roll, whether they may cast
    the ballot of `voter_id` (themself, or a member on the roll whose proxy they carry), and
    whether that member is marked as abstaining by law on the item."""
    parts = _standing_parts(assembly_id, item_id, member_id, voter_id, voter_id != member_id)
    row = db.session.execute(sa.select(*parts)).one()
    return Standing(bool(row[0]), bool(row[1]), bool(row[2]))


def own_standings(assembly_id: int, item_id: int, member_ids: list[int]) -> dict[int, Standing]:
    """`may_vote_for` of members each casting their own ballot, by member id: a thousand
    members per query (a paper vote's box may hold the whole room's ballots)."""
    found: dict[int, Standing] = {}
    for start in range(0, len(member_ids), IDS_PER_QUERY):
        present, _allowed, barred = _standing_parts(
            assembly_id, item_id, Member.id, Member.id, by_proxy=False
        )
        rows = db.session.execute(
            sa.select(Member.id, present, barred).where(
                Member.id.in_(member_ids[start : start + IDS_PER_QUERY])
            )
        )
        found.update((i, Standing(bool(here), True, bool(out))) for i, here, out in rows)
    return found


def voter_condition(by_proxy: bool) -> sa.ColumnElement[bool]:
    """The condition, as SQL, under which a member may cast a voter's ballot on an agenda
    item now, for a statement that writes only if it holds, checked and written at one
    instant. Built once: it takes the bind parameters `assembly_id`, `item_id`, `caster_id`
    (the member in the room) and `voter_id` (the member whose ballot it is, the same one
    unless `by_proxy`)."""
    present, allowed, barred = _standing_parts(
        sa.bindparam("assembly_id", type_=sa.Integer),
        sa.bindparam("item_id", type_=sa.Integer),
        sa.bindparam("caster_id", type_=sa.Integer),
        sa.bindparam("voter_id", type_=sa.Integer),
        by_proxy,
    )
    return sa.and_(present, allowed, sa.not_(barred))


def absent_voter_in(member: Member) -> sa.Select:
    """Ids of the assemblies in session whose roll holds `member` while they are not in the
    room."""
    present = sa.exists().where(
        Attendance.assembly_id == Assembly.id,
        Attendance.member_id == member.id,
        Attendance.departed_at.is_(None),
    )
    return (
        sa.select(Assembly.id)
        .join(Voter, sa.and_(Voter.assembly_id == Assembly.id, Voter.member_id == member.id))
        .where(Assembly.status == AssemblyStatus.IN_SESSION, ~present)
    )
