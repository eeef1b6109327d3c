"""Delegate assemblies: the delegates each section elects, within the statute's proportion."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from coop.assemblies import signals
from coop.assemblies.models import Assembly, AssemblyKind, Delegate
from coop.assemblies.services import assembly_day, lock_assembly, rules_for
from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.transactions import add_unique
from coop.members.models import Member
from coop.members.queries import eligible_ids
from coop.members.rules import VOTING_STATUSES
from coop.members.services import member_by_number
from coop.statutes.rules import Eligibility, delegates_per_section

# The section of members who belong to no group.
NO_SECTION = "—"


def is_delegate_assembly(assembly: Assembly) -> bool:
    return assembly.kind == AssemblyKind.DELEGATE


def delegates(assembly: Assembly) -> list[Delegate]:
    """The delegates designated for an assembly, by section."""
    return list(
        db.session.scalars(
            sa.select(Delegate)
            .where(Delegate.assembly_id == assembly.id)
            .options(joinedload(Delegate.member))
            .order_by(Delegate.section, Delegate.id)
        )
    )


def designate(org: Organization, assembly: Assembly, number: str, actor_id: int | None) -> Delegate:
    """Record a member as a delegate of their section, while the section has seats left."""
    lock_assembly(assembly)
    if not is_delegate_assembly(assembly):
        raise DomainError(_("Only a delegate assembly has delegates."))
    if not assembly.before_session:
        raise DomainError(_("Delegates are recorded before the session opens."))
    member = member_by_number(org, number)
    rules = rules_for(org, assembly)
    day = assembly_day(org, assembly)
    # Those the layers above keep off a roll (employees, in Brazil) are not delegates either.
    excluded = signals.roll_exclusion_selects(org, assembly=assembly, rules=rules, day=day)
    entitled = eligible_ids(
        org, day, rules.eligibility == Eligibility.GOOD_STANDING, excluded=excluded
    ).subquery()
    if not db.session.scalar(sa.select(sa.exists().where(entitled.c.member_id == member.id))):
        reasons = signals.roll_refusal_reasons(
            org, assembly=assembly, rules=rules, day=day, member_ids=[member.id]
        )
        if member.id in reasons:
            raise DomainError(
                _(
                    "%(name)s cannot be a delegate: %(reason)s.",
                    name=member.full_name,
                    reason=reasons[member.id],
                )
            )
        raise DomainError(
            _("%(name)s may not vote, so cannot be a delegate.", name=member.full_name)
        )
    section = member.group_name or NO_SECTION
    seats = delegate_allocation(org, assembly).get(section, 0)
    taken = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Delegate)
            .where(Delegate.assembly_id == assembly.id, Delegate.section == section)
        )
        or 0
    )
    if taken >= seats:
        raise DomainError(
            _(
                "Section %(section)s already has its %(seats)s delegates.",
                section=section,
                seats=seats,
            )
        )
    delegate = Delegate(
        organization_id=org.id,
        assembly_id=assembly.id,
        member_id=member.id,
        section=section,
        recorded_by_id=actor_id,
    )
    add_unique(delegate, _("%(name)s is already a delegate.", name=member.full_name))
    record(org, actor_id, "delegate.designated", delegate, member_id=member.id, section=section)
    return delegate


def withdraw(
    org: Organization, assembly: Assembly, delegate: Delegate, actor_id: int | None
) -> None:
    """Take a delegate off the list before the session opens."""
    lock_assembly(assembly)
    if not assembly.before_session:
        raise DomainError(_("Delegates are recorded before the session opens."))
    record(
        org,
        actor_id,
        "delegate.withdrawn",
        delegate,
        member_id=delegate.member_id,
        section=delegate.section,
    )
    db.session.delete(delegate)


def delegate_allocation(org: Organization, assembly: Assembly) -> dict[str, int]:
    """For a delegate assembly: how many delegates each section elects under the statute."""
    per_members = rules_for(org, assembly).delegates_per_members
    if assembly.kind != AssemblyKind.DELEGATE or not per_members:
        return {}
    sizes = db.session.execute(
        sa.select(Member.group_name, sa.func.count())
        .where(Member.organization_id == org.id, Member.status.in_(VOTING_STATUSES))
        .group_by(Member.group_name)
    ).all()
    # Members without a group form one section of their own.
    return delegates_per_section(
        {group or NO_SECTION: count for group, count in sizes}, per_members
    )
