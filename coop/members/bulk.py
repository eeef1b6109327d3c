"""Writing thousands of members at once, for imports: set-based statements, not row by row.

The same rules as the single-member services (clean values, an admission entry in the
history, searchable text), applied to lists.
"""

from datetime import date
from typing import Any

import sqlalchemy as sa

from coop.core.db import utcnow
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member, MemberStatusChange, ProductionUnit
from coop.members.rules import MemberStatus, member_search_text
from coop.members.services import admission_entry

CHUNK = 1000


def _status_entry(
    org: Organization,
    member_id: int,
    status: MemberStatus,
    since: date | None,
    reason: str,
    actor_id: int | None,
) -> dict[str, Any]:
    return {
        "organization_id": org.id,
        "member_id": member_id,
        "status": status,
        "effective_on": since or org.today(),
        "reason": reason,
        "decision": "",
        "recorded_by_id": actor_id,
        "recorded_at": utcnow(),
    }


def _unit_rows(org: Organization, member_id: int, units: list[dict[str, Any]]) -> list[dict]:
    defaults = {
        "total_area_ha": None,
        "product_area_ha": None,
        "hives": None,
        "organic": False,
        "spp": False,
        "fair_trade": False,
        "yearly_volume_kg": None,
    }
    return [
        {**defaults, **unit, "organization_id": org.id, "member_id": member_id} for unit in units
    ]


def insert_members(
    org: Organization,
    members: list[tuple[dict[str, Any], MemberStatus | None, list[dict[str, Any]], date | None]],
    reason: str,
    actor_id: int | None,
) -> list[int]:
    """Add (clean values, status, units, status date) members; their ids, in order."""
    if not members:
        return []
    now = utcnow()
    rows = []
    for clean, status, _units, _since in members:
        rows.append(
            {
                "national_id": None,
                "birth_date": None,
                "birth_year": None,
                "community": "",
                "group_name": "",
                "phone": "",
                "admission_decision": "",
                **clean,
                "organization_id": org.id,
                "status": status or MemberStatus.ACTIVE,
                "search_text": member_search_text(clean),
                "created_at": now,
            }
        )
    ids = list(
        db.session.scalars(
            sa.insert(Member).returning(Member.id, sort_by_parameter_order=True), rows
        )
    )
    history, units = [], []
    for member_id, (clean, status, member_units, since) in zip(ids, members, strict=True):
        history.append({**admission_entry(org, clean, reason, actor_id), "member_id": member_id})
        if status not in (None, MemberStatus.ACTIVE):
            history.append(_status_entry(org, member_id, status, since, reason, actor_id))
        units.extend(_unit_rows(org, member_id, member_units))
    _insert(MemberStatusChange, history)
    _insert(ProductionUnit, units)
    return ids


def update_members(
    org: Organization,
    changes: list[
        tuple[
            int,
            MemberStatus,
            dict[str, Any],
            MemberStatus | None,
            list[dict[str, Any]] | None,
            date | None,
        ]
    ],
    reason: str,
    actor_id: int | None,
    moved_admissions: list[tuple[int, date]] | None = None,
) -> None:
    """Apply (id, current status, clean values, new status or None, new units or None, date
    of the new status or None for today);
    `moved_admissions` holds (id, join date) of members whose join date changes."""
    rows, history, units, replaced = [], [], [], []
    for member_id, current, clean, status, member_units, since in changes:
        rows.append(
            {
                **clean,
                "id": member_id,
                "search_text": member_search_text(clean),
                "status": status or current,
            }
        )
        if status is not None:
            history.append(_status_entry(org, member_id, status, since, reason, actor_id))
        if member_units is not None:
            replaced.append(member_id)
            units.extend(_unit_rows(org, member_id, member_units))
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.update(Member), rows[start : start + CHUNK])
    for start in range(0, len(replaced), CHUNK):
        db.session.execute(
            sa.delete(ProductionUnit).where(
                ProductionUnit.member_id.in_(replaced[start : start + CHUNK])
            )
        )
    _insert(MemberStatusChange, history)
    _insert(ProductionUnit, units)
    for member_id, joined_on in moved_admissions or []:
        first = (
            sa.select(sa.func.min(MemberStatusChange.id))
            .where(MemberStatusChange.member_id == member_id)
            .scalar_subquery()
        )
        db.session.execute(
            sa.update(MemberStatusChange)
            .where(MemberStatusChange.id == first)
            .values(effective_on=joined_on)
        )
    # The register's objects in this session are stale now.
    db.session.expire_all()


def _insert(model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(model), rows[start : start + CHUNK])
