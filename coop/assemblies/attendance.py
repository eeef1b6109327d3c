"""The attendance book on the day: check-in at the door, departures, the signed paper sheet."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from coop.assemblies.models import Assembly, Attendance
from coop.assemblies.proxies import end_on_arrival, end_proxies_on_arrival
from coop.assemblies.roll import eligible_among, is_eligible, present_select, refusal_reasons
from coop.assemblies.rules import name_rank
from coop.assemblies.services import lock_assembly
from coop.audit.services import Entry, record, record_many
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.core.transactions import add_unique
from coop.members.models import Member
from coop.members.rules import fold, numbers_in
from coop.members.services import find_by_number, listed_members

MAX_MATCHES = 10
# Members per IN (...) list: within every database's limit on parameters.
CHUNK = 1000
# Enough name candidates for any real register; the door wants the first few, ranked.
MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class Matches:
    """The best matches for what was typed at the door, and how many matched in all."""

    members: list[Member]
    total: int


def find_for_check_in(org: Organization, text: str) -> Matches:
    """The member with this number, else the members whose name holds every word typed, the
    words in the order typed first."""
    member = find_by_number(org, text)
    if member is not None:
        return Matches([member], 1)
    words = fold(text).split()[:6]
    if not words:
        return Matches([], 0)
    stmt = sa.select(Member.id, Member.given_names, Member.surnames).where(
        Member.organization_id == org.id
    )
    for word in words:
        stmt = stmt.where(Member.search_text.contains(word, autoescape=True))
    # The search text also holds the community; at the door only names count.
    ranked = []
    for member_id, given, surnames in db.session.execute(stmt.limit(MAX_CANDIDATES)):
        rank = name_rank(words, fold(f"{given} {surnames}"))
        if rank is not None:
            ranked.append((rank, fold(surnames), fold(given), member_id))
    ranked.sort()
    best = [member_id for *_key, member_id in ranked[:MAX_MATCHES]]
    by_id = {m.id: m for m in db.session.scalars(sa.select(Member).where(Member.id.in_(best)))}
    return Matches([by_id[i] for i in best], len(ranked))


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
        raise DomainError(_not_counted(org, assembly, member))
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
    """Copy a signed paper attendance sheet, all of it or nothing: a wrong number, or a
    member who may not vote, stops it; members already in the room, or written twice, are left
    as they are. A few set-based statements whatever the length of the sheet. (entered,
    skipped)."""
    lock_assembly(assembly)
    if not assembly.takes_attendance:
        raise DomainError(_("Attendance is taken from the convening until the session closes."))
    wanted = numbers_in(numbers)
    if not wanted:
        raise DomainError(_("Type the member numbers from the sheet."))
    listed = listed_members(org, wanted)
    ids = [member.id for member in listed]
    entitled = eligible_among(org, assembly, ids)
    for member in listed:
        if member.id not in entitled:
            raise DomainError(_not_counted(org, assembly, member))
    lines = dict(
        db.session.execute(
            sa.select(Attendance.member_id, Attendance.departed_at).where(
                Attendance.assembly_id == assembly.id, Attendance.member_id.in_(ids)
            )
        ).all()
    )
    arriving = [i for i in ids if i not in lines or lines[i] is not None]
    end_proxies_on_arrival(org, assembly, arriving, actor_id)
    _write_arrivals(org, assembly, arriving, set(lines), arrived_at, actor_id)
    return len(arriving), len(ids) - len(arriving)


def _not_counted(org: Organization, assembly: Assembly, member: Member) -> str:
    """The refusal of a member who may not vote here, with the reason where a layer gives it."""
    reason = refusal_reasons(org, assembly, [member.id]).get(member.id)
    if reason:
        return _(
            "%(name)s may not vote in this assembly and cannot be counted: %(reason)s.",
            name=member.full_name,
            reason=reason,
        )
    return _("%(name)s may not vote in this assembly and cannot be counted.", name=member.full_name)


def _write_arrivals(
    org: Organization,
    assembly: Assembly,
    member_ids: list[int],
    returning: set[int],
    arrived_at: datetime,
    actor_id: int | None,
) -> None:
    """New lines in the book for those not yet in it; the departure undone for those back."""
    back = [i for i in member_ids if i in returning]
    new = [i for i in member_ids if i not in returning]
    for start in range(0, len(back), CHUNK):
        db.session.execute(
            sa.update(Attendance)
            .where(
                Attendance.assembly_id == assembly.id,
                Attendance.member_id.in_(back[start : start + CHUNK]),
            )
            .values(departed_at=None)
        )
    rows = [
        {
            "organization_id": org.id,
            "assembly_id": assembly.id,
            "member_id": member_id,
            "recorded_by_id": actor_id,
            "arrived_at": arrived_at,
            "source": "paper",
        }
        for member_id in new
    ]
    line_ids = (
        list(
            db.session.scalars(
                sa.insert(Attendance).returning(Attendance.id, sort_by_parameter_order=True), rows
            )
        )
        if rows
        else []
    )
    events = [
        Entry("attendance.recorded", "attendance", line, {"member_id": member, "source": "paper"})
        for line, member in zip(line_ids, new, strict=True)
    ]
    events += [Entry("attendance.returned", "attendance", None, {"member_id": i}) for i in back]
    record_many(org, actor_id, events)
    db.session.expire_all()  # lines of the book changed under the session's objects


def attendance_page(assembly: Assembly, page: int, per_page: int) -> tuple[list[Attendance], int]:
    """One page of the attendance book, latest arrivals first, and how many lines it has."""
    total = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Attendance)
            .where(Attendance.assembly_id == assembly.id)
        )
        or 0
    )
    entries = db.session.scalars(
        sa.select(Attendance)
        .where(Attendance.assembly_id == assembly.id)
        .options(joinedload(Attendance.member))
        .order_by(Attendance.arrived_at.desc(), Attendance.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(entries), total


def lines_by_source(assembly: Assembly) -> dict[str, int]:
    """Lines of the attendance book by where they came from: "door" or "paper"."""
    rows = db.session.execute(
        sa.select(Attendance.source, sa.func.count())
        .where(Attendance.assembly_id == assembly.id)
        .group_by(Attendance.source)
    )
    return {source: count for source, count in rows}


def present_count(assembly: Assembly) -> int:
    """Members in the room now."""
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(present_select(assembly).subquery())
        )
        or 0
    )


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


@dataclass(frozen=True)
class BookLine:
    """A line of an attendance book as plain values, for exports of many assemblies."""

    number: str
    given_names: str
    surnames: str
    arrived_at: datetime
    departed_at: datetime | None
    source: str


def book_lines(assembly_ids: list[int]) -> dict[int, list[BookLine]]:
    """The attendance books of these assemblies, in order of arrival, in one query."""
    rows = db.session.execute(
        sa.select(
            Attendance.assembly_id,
            Member.number,
            Member.given_names,
            Member.surnames,
            Attendance.arrived_at,
            Attendance.departed_at,
            Attendance.source,
        )
        .join(Member, Member.id == Attendance.member_id)
        .where(Attendance.assembly_id.in_(assembly_ids))
        .order_by(Attendance.assembly_id, Attendance.arrived_at, Attendance.id)
    )
    books: dict[int, list[BookLine]] = {i: [] for i in assembly_ids}
    for assembly_id, *line in rows:
        books[assembly_id].append(BookLine(*line))
    return books
