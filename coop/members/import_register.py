"""The register as an import sets a file against it: plain rows, read in a few queries.

Members and units always; history and good standing only for the members whose file rows
touch them, since a large register has tens of thousands of each.
"""

import sqlalchemy as sa

from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.import_plan import MemberPlan
from coop.members.import_preview import Registered
from coop.members.models import GoodStandingPeriod, Member, MemberStatusChange, ProductionUnit
from coop.members.rules import HistoryEntry
from coop.members.services import MEMBER_FIELDS, UNIT_FIELDS
from coop.members.standing_rules import StandingPeriod

CHUNK = 1000  # member ids per IN (...) list


def load_register(org: Organization) -> dict[str, Registered]:
    """The organization's members and their units as plain rows, by number: two queries,
    fast for large registers. Their history and good standing come on demand."""
    columns = [getattr(Member, key) for key in MEMBER_FIELDS]
    register = {}
    for member_id, status, *values in db.session.execute(
        sa.select(Member.id, Member.status, *columns).where(Member.organization_id == org.id)
    ):
        member = Registered(member_id, status, dict(zip(MEMBER_FIELDS, values, strict=True)))
        register[member.values["number"]] = member
    by_id = {member.id: member for member in register.values()}
    unit_columns = [getattr(ProductionUnit, key) for key in UNIT_FIELDS]
    for member_id, *values in db.session.execute(
        sa.select(ProductionUnit.member_id, *unit_columns)
        .where(ProductionUnit.organization_id == org.id)
        .order_by(ProductionUnit.id)
    ):
        by_id[member_id].units.append(dict(zip(UNIT_FIELDS, values, strict=True)))
    return register


def touches_history(plan: MemberPlan, register: dict[str, Registered]) -> bool:
    """Whether the file changes a registered member's status, its date or the join date."""
    member = register.get(plan.number)
    if member is None:
        return False
    joined = plan.member.get("joined_on")
    return (
        (plan.status is not None and plan.status != member.status)
        or plan.status_since is not None
        or (joined is not None and joined != member.values["joined_on"])
    )


def _member_ids(register: dict[str, Registered], plans: list[MemberPlan]) -> list[int]:
    return [register[p.number].id for p in plans if p.number in register]


def load_history(
    org: Organization, register: dict[str, Registered], plans: list[MemberPlan]
) -> None:
    """Add the history of the members these plans concern."""
    by_id = {member.id: member for member in register.values()}
    change = MemberStatusChange
    ids = _member_ids(register, plans)
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            sa.select(
                change.member_id,
                change.id,
                change.status,
                change.effective_on,
                change.corrects_id,
                change.date_unknown,
            )
            .where(
                change.organization_id == org.id,
                change.member_id.in_(ids[start : start + CHUNK]),
            )
            .order_by(change.id)
        )
        for member_id, *entry in rows:
            by_id[member_id].entries.append(HistoryEntry(*entry))


def load_standing(
    org: Organization, register: dict[str, Registered], plans: list[MemberPlan]
) -> None:
    """Add the good standing of the members these plans concern."""
    by_id = {member.id: member for member in register.values()}
    period = GoodStandingPeriod
    ids = _member_ids(register, plans)
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            sa.select(
                period.member_id,
                period.starts_on,
                period.ends_on,
                period.in_good_standing,
                period.basis,
            )
            .where(
                period.organization_id == org.id,
                period.member_id.in_(ids[start : start + CHUNK]),
            )
            .order_by(period.id)
        )
        for member_id, *values in rows:
            by_id[member_id].standing.append(StandingPeriod(*values))
