"""The attendance book on the day: check-in at the door, departures, the signed paper sheet."""

import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from coop.assemblies.models import Assembly, Attendance
from coop.assemblies.proxies import end_on_arrival
from coop.assemblies.roll import is_eligible
from coop.assemblies.services import lock_assembly
from coop.audit.services import record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.core.transactions import add_unique
from coop.members.models import Member
from coop.members.rules import fold, normalize_number
from coop.members.services import find_by_number

MAX_MATCHES = 10


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
    if not is_eligible(org, assembly, member):
        raise DomainError(
            _(
                "%(name)s may not vote in this assembly and cannot be counted.",
                name=member.full_name,
            )
        )
    end_on_arrival(org, assembly, member, actor_id)
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
