"""Creating, convening, running and closing assemblies."""

from datetime import date, datetime
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from coop.assemblies import rules
from coop.assemblies.models import (
    AgendaItem,
    Assembly,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    ItemKind,
)
from coop.audit.services import record
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members.rules import VOTING_STATUSES
from coop.members.services import count_voting_members, find_by_number
from coop.orgs.models import Organization


def create_assembly(
    org: Organization,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    actor_id: int | None,
) -> Assembly:
    """A new draft assembly."""
    assembly = Assembly(
        organization_id=org.id,
        kind=AssemblyKind(kind),
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        status=AssemblyStatus.DRAFT,
    )
    db.session.add(assembly)
    record(org, actor_id, "assembly.created", assembly, title=assembly.title)
    return assembly


def add_item(
    org: Organization, assembly: Assembly, title: str, kind: str, actor_id: int | None
) -> AgendaItem:
    """Append an item to a draft assembly's agenda."""
    if not assembly.is_editable:
        raise DomainError(_("The agenda is published: it can no longer be changed."))
    item = AgendaItem(
        organization_id=org.id,
        position=len(assembly.items) + 1,
        title=title.strip(),
        kind=ItemKind(kind),
    )
    assembly.items.append(item)
    record(org, actor_id, "agenda_item.added", item, assembly_id=assembly.id, title=item.title)
    return item


def convene(
    org: Organization, assembly: Assembly, notice_on: date, channel: str, actor_id: int | None
) -> None:
    """Publish the notice: the assembly and its agenda are fixed from now on."""
    assembly.convene(notice_on, channel.strip())
    record(
        org,
        actor_id,
        "assembly.convened",
        assembly,
        notice_given_on=notice_on.isoformat(),
        channel=assembly.notice_channel,
    )


def check_in(
    org: Organization, assembly: Assembly, number: str, actor_id: int | None
) -> Attendance:
    """Record a member as present, by member number."""
    if not assembly.is_in_session:
        raise DomainError(_("Attendance is taken only while the assembly is convened."))
    member = find_by_number(org, number)
    if member is None:
        raise DomainError(_("No member has number %(number)s.", number=number.strip()))
    if member.status not in VOTING_STATUSES:
        raise DomainError(
            _("%(name)s is not an active member and cannot be counted.", name=member.full_name)
        )
    attendance = Attendance(
        organization_id=org.id,
        assembly_id=assembly.id,
        member_id=member.id,
        recorded_by_id=actor_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attendance)
    except IntegrityError:
        raise DomainError(_("%(name)s is already checked in.", name=member.full_name)) from None
    record(org, actor_id, "attendance.recorded", attendance, member_id=member.id)
    return attendance


def present_count(assembly: Assembly) -> int:
    """Members checked in at this assembly."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Attendance)
            .where(Attendance.assembly_id == assembly.id)
        )
        or 0
    )


def current_quorum(org: Organization, assembly: Assembly) -> rules.Quorum:
    """The quorum panel: frozen once closed, live while in session."""
    if assembly.eligible_count is not None:
        return rules.Quorum(
            present=assembly.present_count or 0,
            eligible=assembly.eligible_count,
            required=assembly.quorum_required or 0,
        )
    fraction = Fraction(org.quorum_numerator, org.quorum_denominator)
    return rules.quorum(present_count(assembly), count_voting_members(org), fraction)


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


def close(org: Organization, assembly: Assembly, actor_id: int | None) -> None:
    """End the session, freezing its quorum figures, and start the draft minutes."""
    from coop.minutes.services import start_minutes  # minutes build on assemblies
    from coop.voting.services import open_votes_count

    if open_votes_count(assembly):
        raise DomainError(_("Close the open votes before closing the assembly."))
    panel = current_quorum(org, assembly)
    assembly.close(panel.eligible, panel.present, panel.required)
    record(
        org,
        actor_id,
        "assembly.closed",
        assembly,
        eligible=panel.eligible,
        present=panel.present,
        required=panel.required,
    )
    start_minutes(org, assembly, actor_id)
