"""The attendance book on the day: check-in, departures, proxies, the paper sheet, quorum."""

import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from coop.assemblies.models import (
    Assembly,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    Delegate,
    Proxy,
    Voter,
)
from coop.assemblies.services import assembly_day, lock_assembly, rules_for
from coop.audit.services import record
from coop.db import utcnow
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members.models import Member
from coop.members.queries import eligible_ids
from coop.members.rules import fold, normalize_number
from coop.members.services import find_by_number, member_by_number
from coop.orgs.models import Organization
from coop.orgs.scoping import scoped
from coop.records import add_unique
from coop.statutes.rules import Eligibility, Quorum, StatuteRules, quorum
from coop.voting.models import Ballot

MAX_MATCHES = 10


def eligible_select(org: Organization, assembly: Assembly, rules: StatuteRules) -> sa.Select:
    """Ids of the members entitled to vote: the frozen roll once the session opened; in a
    delegate assembly, its delegates."""
    if assembly.opened_at is not None:
        return sa.select(Voter.member_id).where(Voter.assembly_id == assembly.id)
    if assembly.kind == AssemblyKind.DELEGATE:
        return sa.select(Delegate.member_id).where(Delegate.assembly_id == assembly.id)
    return eligible_ids(
        org, assembly_day(org, assembly), rules.eligibility == Eligibility.GOOD_STANDING
    )


def _present(assembly: Assembly) -> sa.Select:
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
                Proxy.holder_id.in_(_present(assembly)),
                Proxy.represented_id.in_(eligible),
            )
        )
        or 0
    )
    call = min(assembly.next_call, len(rules.calls))
    return quorum(rules, call, present, represented, total)


def find_for_check_in(org: Organization, text: str) -> list[Member]:
    """The member with this number, else the members whose name holds every word typed."""
    member = find_by_number(org, text)
    if member is not None:
        return [member]
    words = fold(text).split()[:6]
    if not words:
        return []
    stmt = scoped(Member, org)
    for word in words:
        stmt = stmt.where(Member.search_text.contains(word, autoescape=True))
    # The search text also holds the community; at the door only names count.
    candidates = db.session.scalars(stmt.order_by(Member.surnames).limit(200))
    named = [m for m in candidates if all(w in fold(m.full_name) for w in words)]
    return named[: MAX_MATCHES + 1]


def _is_eligible(org: Organization, assembly: Assembly, member: Member) -> bool:
    ids = eligible_select(org, assembly, rules_for(org, assembly)).subquery()
    return bool(db.session.scalar(sa.select(sa.exists().where(ids.c.member_id == member.id))))


def check_in(
    org: Organization,
    assembly: Assembly,
    member: Member,
    actor_id: int | None,
    arrived_at: datetime | None = None,
    source: str = "door",
) -> Attendance:
    """Record a member of this organization as present (again, if they had stepped out)."""
    lock_assembly(assembly)
    if not assembly.takes_attendance:
        raise DomainError(_("Attendance is taken from the convening until the session closes."))
    if member.organization_id != org.id:
        raise DomainError(_("No member has number %(number)s.", number=member.number))
    if not _is_eligible(org, assembly, member):
        raise DomainError(
            _(
                "%(name)s may not vote in this assembly and cannot be counted.",
                name=member.full_name,
            )
        )
    _end_proxy_on_arrival(org, assembly, member, actor_id)
    returning = db.session.scalar(
        scoped(Attendance, org).where(
            Attendance.assembly_id == assembly.id, Attendance.member_id == member.id
        )
    )
    if returning is not None and returning.departed_at is not None:
        # Back after stepping out: the same line of the book, the departure undone.
        record(
            org,
            actor_id,
            "attendance.returned",
            returning,
            member_id=member.id,
            departed_at=returning.departed_at.isoformat(),
        )
        returning.departed_at = None
        return returning
    attendance = Attendance(
        organization_id=org.id,
        assembly_id=assembly.id,
        member_id=member.id,
        recorded_by_id=actor_id,
        arrived_at=arrived_at or utcnow(),
        source=source,
    )
    add_unique(attendance, _("%(name)s is already checked in.", name=member.full_name))
    record(org, actor_id, "attendance.recorded", attendance, member_id=member.id, source=source)
    return attendance


def _end_proxy_on_arrival(
    org: Organization, assembly: Assembly, member: Member, actor_id: int | None
) -> None:
    """A represented member who arrives votes in person: the proxy ends, unless used."""
    proxy = db.session.scalar(
        scoped(Proxy, org).where(
            Proxy.assembly_id == assembly.id, Proxy.represented_id == member.id
        )
    )
    if proxy is None:
        return
    used = db.session.scalar(
        sa.select(Ballot.id)
        .where(Ballot.member_id == member.id, Ballot.proxy_holder_id == proxy.holder_id)
        .limit(1)
    )
    if used is not None:
        raise DomainError(
            _("%(name)s already voted through a proxy in this session.", name=member.full_name)
        )
    record(
        org,
        actor_id,
        "proxy.ended_on_arrival",
        proxy,
        holder_id=proxy.holder_id,
        represented_id=member.id,
    )
    db.session.delete(proxy)
    db.session.flush()


def depart(
    org: Organization, assembly: Assembly, attendance: Attendance, actor_id: int | None
) -> None:
    """Record that a member left; they no longer count for the quorum of later votes."""
    if not assembly.takes_attendance:
        raise DomainError(_("Attendance is taken from the convening until the session closes."))
    if attendance.departed_at is not None:
        raise DomainError(_("This departure is already recorded."))
    attendance.departed_at = utcnow()
    record(org, actor_id, "attendance.departed", attendance, member_id=attendance.member_id)


def enter_paper_sheet(
    org: Organization,
    assembly: Assembly,
    numbers: str,
    arrived_at: datetime,
    actor_id: int | None,
) -> tuple[int, int]:
    """Copy a signed paper attendance sheet: a wrong number stops it all; members already
    checked in at the door, or written twice, are left as they are. (entered, skipped)."""
    wanted = list(dict.fromkeys(normalize_number(n) for n in re.split(r"[\s,;]+", numbers) if n))
    if not wanted:
        raise DomainError(_("Type the member numbers from the sheet."))
    present = set(
        db.session.scalars(
            sa.select(Member.number)
            .join(Attendance, Attendance.member_id == Member.id)
            .where(Attendance.assembly_id == assembly.id, Attendance.departed_at.is_(None))
        )
    )
    members = {
        m.number: m
        for m in db.session.scalars(scoped(Member, org).where(Member.number.in_(wanted)))
    }
    unknown = [number for number in wanted if number not in members]
    if unknown:
        raise DomainError(_("No member has number %(number)s.", number=unknown[0]))
    entered = [number for number in wanted if number not in present]
    for number in entered:
        check_in(org, assembly, members[number], actor_id, arrived_at=arrived_at, source="paper")
    return len(entered), len(wanted) - len(entered)


def add_proxy(
    org: Organization,
    assembly: Assembly,
    holder_number: str,
    represented_number: str,
    document: str,
    actor_id: int | None,
) -> Proxy:
    """Let a member present carry an absent member's vote, within the statute's limits."""
    lock_assembly(assembly)
    rules = rules_for(org, assembly)
    if rules.proxies_per_holder == 0:
        raise DomainError(_("The statute allows no proxies."))
    if assembly.kind == AssemblyKind.DELEGATE:
        raise DomainError(_("There are no proxies in a delegate assembly."))
    if not assembly.takes_attendance:
        raise DomainError(_("Attendance is taken from the convening until the session closes."))
    holder = member_by_number(org, holder_number)
    represented = member_by_number(org, represented_number)
    if holder.id == represented.id:
        raise DomainError(_("A member cannot carry their own proxy."))
    if rules.proxy_document_required and not document.strip():
        raise DomainError(_("The statute asks for a written proxy: note its reference."))
    if not _is_eligible(org, assembly, represented):
        raise DomainError(
            _(
                "%(name)s may not vote in this assembly, so cannot be represented.",
                name=represented.full_name,
            )
        )
    here = set(db.session.scalars(_present(assembly)))
    if holder.id not in here:
        raise DomainError(_("%(name)s must be checked in to carry a proxy.", name=holder.full_name))
    if represented.id in here:
        raise DomainError(_("%(name)s is present and votes in person.", name=represented.full_name))
    carried = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Proxy)
            .where(Proxy.assembly_id == assembly.id, Proxy.holder_id == holder.id)
        )
        or 0
    )
    if carried >= rules.proxies_per_holder:
        raise DomainError(
            _(
                "%(name)s already carries as many proxies as the statute allows.",
                name=holder.full_name,
            )
        )
    proxy = Proxy(
        organization_id=org.id,
        assembly_id=assembly.id,
        holder_id=holder.id,
        represented_id=represented.id,
        document=document.strip()[:200],
        recorded_by_id=actor_id,
    )
    add_unique(proxy, _("%(name)s is already represented.", name=represented.full_name))
    record(
        org,
        actor_id,
        "proxy.recorded",
        proxy,
        holder_id=holder.id,
        represented_id=represented.id,
        document=proxy.document,
    )
    return proxy


def remove_proxy(org: Organization, assembly: Assembly, proxy: Proxy, actor_id: int | None) -> None:
    """Withdraw a proxy before the session opens."""
    if assembly.status not in (AssemblyStatus.CONVENED, AssemblyStatus.NO_QUORUM):
        raise DomainError(_("Proxies are withdrawn only before the session opens."))
    record(
        org,
        actor_id,
        "proxy.removed",
        proxy,
        holder_id=proxy.holder_id,
        represented_id=proxy.represented_id,
    )
    db.session.delete(proxy)


def attendance_list(assembly: Assembly) -> list[Attendance]:
    """The attendance book of one assembly, in order of arrival."""
    return list(
        db.session.scalars(
            sa.select(Attendance)
            .where(Attendance.assembly_id == assembly.id)
            .options(joinedload(Attendance.member))
            .order_by(Attendance.arrived_at, Attendance.id)
        )
    )


def proxy_list(assembly: Assembly) -> list[Proxy]:
    """The proxies recorded for one assembly."""
    return list(
        db.session.scalars(
            sa.select(Proxy)
            .where(Proxy.assembly_id == assembly.id)
            .options(joinedload(Proxy.holder), joinedload(Proxy.represented))
            .order_by(Proxy.id)
        )
    )
