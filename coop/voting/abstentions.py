"""Members who abstain by law on an agenda item.

Board and fiscal-council members present do not vote on the accounts, fees and matters of
their own management (Brazil, Lei 5.764 art. 44 §1). Until officers are modelled, the
secretary marks them on each item before it is put to the vote; they are counted out of that
item's basis (members present or represented, and all members entitled to vote), and a ballot
one of them casts electronically is not counted.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from coop.assemblies.models import (
    AgendaItem,
    Assembly,
    AssemblyStatus,
    Attendance,
    ByLawAbstention,
    Proxy,
)
from coop.assemblies.roll import eligible_select, is_eligible, present_select
from coop.assemblies.services import lock_assembly, rules_for
from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.transactions import add_unique
from coop.members.services import member_by_number
from coop.voting.models import Vote


@dataclass(frozen=True)
class CountedOut:
    """Members marked on an item who would otherwise count in its basis."""

    in_room: int = 0  # present, or represented by a proxy holder who is present
    entitled: int = 0  # entitled to vote in the assembly


def _ensure_markable(assembly: Assembly, item: AgendaItem) -> None:
    lock_assembly(assembly)
    if assembly.status in (AssemblyStatus.CLOSED, AssemblyStatus.CANCELLED):
        raise DomainError(_("The assembly is over: its record can no longer change."))
    if not item.is_voted:
        raise DomainError(_("This agenda item is for information only: nobody votes on it."))
    if db.session.scalar(sa.select(Vote.id).where(Vote.agenda_item_id == item.id)) is not None:
        raise DomainError(
            _("This item has been put to the vote: who abstains by law can no longer change.")
        )


def mark(
    org: Organization, assembly: Assembly, item: AgendaItem, number: str, actor_id: int | None
) -> ByLawAbstention:
    """Record that the member with `number` may not vote on `item` by law."""
    _ensure_markable(assembly, item)
    member = member_by_number(org, number)
    if not is_eligible(org, assembly, member):
        raise DomainError(
            _("%(name)s may not vote in this assembly anyway.", name=member.full_name)
        )
    entry = ByLawAbstention(
        organization_id=org.id,
        agenda_item_id=item.id,
        member_id=member.id,
        marked_by_id=actor_id,
    )
    add_unique(
        entry,
        _("%(name)s is already marked as abstaining by law on this item.", name=member.full_name),
    )
    record(
        org,
        actor_id,
        "abstention.marked",
        entry,
        assembly_id=assembly.id,
        agenda_item_id=item.id,
        member_id=member.id,
    )
    return entry


def unmark(
    org: Organization,
    assembly: Assembly,
    item: AgendaItem,
    entry: ByLawAbstention,
    actor_id: int | None,
) -> None:
    """Withdraw a mark made by mistake, before the item is put to the vote."""
    _ensure_markable(assembly, item)
    record(
        org,
        actor_id,
        "abstention.unmarked",
        entry,
        assembly_id=assembly.id,
        agenda_item_id=item.id,
        member_id=entry.member_id,
    )
    db.session.delete(entry)
    db.session.flush()


def abstentions_by_item(assembly: Assembly) -> dict[int, list[ByLawAbstention]]:
    """The marks of an assembly's items, by agenda item id, in member-number order."""
    rows = db.session.scalars(
        sa.select(ByLawAbstention)
        .join(AgendaItem, AgendaItem.id == ByLawAbstention.agenda_item_id)
        .where(AgendaItem.assembly_id == assembly.id)
        .options(joinedload(ByLawAbstention.member))
    )
    marks: dict[int, list[ByLawAbstention]] = {}
    for row in sorted(rows, key=lambda r: (r.member.number, r.id)):
        marks.setdefault(row.agenda_item_id, []).append(row)
    return marks


def _marked_ids(item: AgendaItem) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(ByLawAbstention.member_id).where(ByLawAbstention.agenda_item_id == item.id)
        )
    )


def counted_out(org: Organization, assembly: Assembly, item: AgendaItem) -> CountedOut:
    """How many of the members marked on `item` the quorum panel counts now."""
    marked = _marked_ids(item)
    if not marked:
        return CountedOut()
    eligible = eligible_select(org, assembly, rules_for(org, assembly))
    count = sa.func.count()
    present = db.session.scalar(
        sa.select(count)
        .select_from(Attendance)
        .where(
            Attendance.assembly_id == assembly.id,
            Attendance.departed_at.is_(None),
            Attendance.member_id.in_(marked),
            Attendance.member_id.in_(eligible),
        )
    )
    represented = db.session.scalar(
        sa.select(count)
        .select_from(Proxy)
        .where(
            Proxy.assembly_id == assembly.id,
            Proxy.holder_id.in_(present_select(assembly)),
            Proxy.represented_id.in_(marked),
            Proxy.represented_id.in_(eligible),
        )
    )
    entitled = db.session.scalar(
        sa.select(count).select_from(
            eligible.where(eligible.selected_columns[0].in_(marked)).subquery()
        )
    )
    return CountedOut((present or 0) + (represented or 0), entitled or 0)
