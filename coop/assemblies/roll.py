"""Who may vote in an assembly, who is in the room, and the quorum those make."""

import sqlalchemy as sa

from coop.assemblies.models import (
    Assembly,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
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


def eligible_select(org: Organization, assembly: Assembly, rules: StatuteRules) -> sa.Select:
    """Ids of the members entitled to vote: the frozen roll once the session opened; in a
    delegate assembly, its delegates; otherwise the members entitled on the day the statute
    fixes the roll (the notice's date, or the assembly's)."""
    if assembly.opened_at is not None:
        return sa.select(Voter.member_id).where(Voter.assembly_id == assembly.id)
    if assembly.kind == AssemblyKind.DELEGATE:
        return sa.select(Delegate.member_id).where(Delegate.assembly_id == assembly.id)
    day = assembly_day(org, assembly)
    if rules.eligible_on == EligibleOn.NOTICE and assembly.notice_given_on is not None:
        day = assembly.notice_given_on
    return eligible_ids(org, day, rules.eligibility == Eligibility.GOOD_STANDING)


def is_eligible(org: Organization, assembly: Assembly, member: Member) -> bool:
    """Whether `member` is entitled to vote in this assembly."""
    ids = eligible_select(org, assembly, rules_for(org, assembly)).subquery()
    return bool(db.session.scalar(sa.select(sa.exists().where(ids.c.member_id == member.id))))


def present_select(assembly: Assembly) -> sa.Select:
    """Ids of the members in the room now: checked in and not departed."""
    return sa.select(Attendance.member_id).where(
        Attendance.assembly_id == assembly.id, Attendance.departed_at.is_(None)
    )


def quorum_panel(org: Organization, assembly: Assembly) -> Quorum:
    """Present, represented, eligible and required at the call in play: a fixed few queries."""
    rules = rules_for(org, assembly)
    if assembly.status == AssemblyStatus.CLOSED and assembly.eligible_count is not None:
        return Quorum(
            assembly.present_count or 0,
            assembly.represented_count or 0,
            assembly.eligible_count,
            assembly.quorum_required or 0,
            assembly.current_call or 1,
        )
    eligible = eligible_select(org, assembly, rules)
    count = sa.func.count()
    total = db.session.scalar(sa.select(count).select_from(eligible.subquery())) or 0
    present = (
        db.session.scalar(
            sa.select(count)
            .select_from(Attendance)
            .where(
                Attendance.assembly_id == assembly.id,
                Attendance.departed_at.is_(None),
                Attendance.member_id.in_(eligible),
            )
        )
        or 0
    )
    represented = (
        db.session.scalar(
            sa.select(count)
            .select_from(Proxy)
            .where(
                Proxy.assembly_id == assembly.id,
                Proxy.holder_id.in_(present_select(assembly)),
                Proxy.represented_id.in_(eligible),
            )
        )
        or 0
    )
    call = min(assembly.next_call, len(rules.calls))
    return quorum(rules, call, present, represented, total, in_session=assembly.is_in_session)


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
