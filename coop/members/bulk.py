"""Writing thousands of members at once, for imports: set-based statements, not row by row.

The same rules as the single-member services (clean values, an admission entry in the
history, searchable text, corrections added rather than dates rewritten), applied to lists.
The rows travel by COPY on PostgreSQL (see table_writes).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from coop.core.db import utcnow
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.members.history import admission_entry, entry_values
from coop.members.models import GoodStandingPeriod, Member, MemberStatusChange, ProductionUnit
from coop.members.rules import (
    SEARCHED_FIELDS,
    Correction,
    MemberStatus,
    member_search_text,
    number_sort_key,
)
from coop.members.standing_rules import StandingPeriod
from coop.members.table_writes import CHUNK, insert_returning_ids, insert_rows, update_rows

MEMBER_DEFAULTS = {
    "national_id": None,
    "birth_date": None,
    "birth_year": None,
    "community": "",
    "group_name": "",
    "phone": "",
    "admission_decision": "",
}
UNIT_DEFAULTS = {
    "total_area_ha": None,
    "product_area_ha": None,
    "hives": None,
    "organic": False,
    "spp": False,
    "fair_trade": False,
    "yearly_volume_kg": None,
}


@dataclass(frozen=True)
class NewMember:
    """A member to add: clean values, the status they have, their units and good standing."""

    values: dict[str, Any]
    status: MemberStatus = MemberStatus.ACTIVE
    status_since: date | None = None  # None for a status other than active: date unknown
    units: list[dict[str, Any]] = field(default_factory=list)
    standing: list[StandingPeriod] = field(default_factory=list)


@dataclass(frozen=True)
class MemberUpdate:
    """A member to change: their values after the change and what the history gains."""

    member_id: int
    values: dict[str, Any]
    status: MemberStatus  # the status in force after the change
    new_status: MemberStatus | None = None  # a change of status to add to the history
    status_since: date | None = None  # its date; None when unknown
    units: list[dict[str, Any]] | None = None  # the units that replace the member's, if any
    corrections: list[Correction] = field(default_factory=list)
    standing: list[StandingPeriod] = field(default_factory=list)
    # The fields of `values` that change; None for all. Columns left alone are not written,
    # so neither are the indexes on them.
    changed: frozenset[str] | None = None


def _member_rows(updates: list[MemberUpdate]) -> list[dict[str, Any]]:
    """The member rows to write, all with the same columns, for one statement: those that
    change for at least one member (the others get their value again). Columns no member
    changes are left alone, and so are the indexes on them."""
    moving = [u for u in updates if u.changed is None or u.changed or u.new_status is not None]
    columns: set[str] = set()
    for update in moving:
        columns |= set(update.values) if update.changed is None else update.changed
    searched = bool(columns & set(SEARCHED_FIELDS))
    status = any(u.changed is None or u.new_status is not None for u in moving)
    rows = []
    for update in moving:
        row = {key: update.values[key] for key in columns}
        if searched:
            row["search_text"] = member_search_text(update.values)
        if "number" in columns:
            row["number_key"] = number_sort_key(update.values["number"])
        if status:
            row["status"] = update.status
        rows.append({**row, "id": update.member_id})
    return rows


def insert_members(
    org: Organization, members: list[NewMember], reason: str, actor_id: int | None
) -> list[int]:
    """Add members; their ids, in order."""
    if not members:
        return []
    now = utcnow()
    rows = [
        {
            **MEMBER_DEFAULTS,
            **new.values,
            "organization_id": org.id,
            "status": new.status,
            "search_text": member_search_text(new.values),
            "number_key": number_sort_key(new.values["number"]),
            "created_at": now,
        }
        for new in members
    ]
    ids = insert_returning_ids(Member, rows)
    history, units, standing = [], [], []
    for member_id, new in zip(ids, members, strict=True):
        history.append(
            {**admission_entry(org, new.values, reason, actor_id), "member_id": member_id}
        )
        if new.status != MemberStatus.ACTIVE:
            history.append(
                _status_entry(org, member_id, new.status, new.status_since, reason, actor_id)
            )
        units.extend(_unit_rows(org, member_id, new.units))
        standing.extend(_standing_rows(org, member_id, new.standing, reason, actor_id))
    insert_rows(MemberStatusChange, history)
    insert_rows(ProductionUnit, units)
    insert_rows(GoodStandingPeriod, standing)
    return ids


def update_members(
    org: Organization, updates: list[MemberUpdate], reason: str, actor_id: int | None
) -> None:
    """Change members; history entries and periods are added, never rewritten."""
    history, units, standing, replaced = [], [], [], []
    for update in updates:
        for correction in update.corrections:
            history.append(_correction_entry(org, update.member_id, correction, reason, actor_id))
        if update.new_status is not None:
            history.append(
                _status_entry(
                    org, update.member_id, update.new_status, update.status_since, reason, actor_id
                )
            )
        if update.units is not None:
            replaced.append(update.member_id)
            units.extend(_unit_rows(org, update.member_id, update.units))
        standing.extend(_standing_rows(org, update.member_id, update.standing, reason, actor_id))
    update_rows(Member, _member_rows(updates))
    for start in range(0, len(replaced), CHUNK):
        db.session.execute(
            sa.delete(ProductionUnit).where(
                ProductionUnit.member_id.in_(replaced[start : start + CHUNK])
            )
        )
    insert_rows(MemberStatusChange, history)
    insert_rows(ProductionUnit, units)
    insert_rows(GoodStandingPeriod, standing)
    # The register's objects in this session are stale now.
    db.session.expire_all()


def _status_entry(
    org: Organization,
    member_id: int,
    status: MemberStatus,
    since: date | None,
    reason: str,
    actor_id: int | None,
) -> dict[str, Any]:
    # Without a date, the status held by today at the latest; the board completes it later.
    return {
        **entry_values(
            org, status, since or org.today(), reason, actor_id, date_unknown=since is None
        ),
        "member_id": member_id,
    }


def _correction_entry(
    org: Organization, member_id: int, correction: Correction, reason: str, actor_id: int | None
) -> dict[str, Any]:
    if correction.what == "join_date" and correction.was is not None:
        said = _("Join date corrected (was %(date)s)", date=correction.was.isoformat())
    elif correction.was is not None:
        said = _("Date corrected (was %(date)s)", date=correction.was.isoformat())
    else:
        said = _("Date completed")
    return {
        **entry_values(
            org,
            correction.status,
            correction.effective_on,
            f"{said}. {reason}"[:500],
            actor_id,
            corrects_id=correction.corrects_id,
        ),
        "member_id": member_id,
    }


def _unit_rows(
    org: Organization, member_id: int, units: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    return [
        {**UNIT_DEFAULTS, **unit, "organization_id": org.id, "member_id": member_id}
        for unit in units
    ]


def _standing_rows(
    org: Organization,
    member_id: int,
    periods: list[StandingPeriod],
    reason: str,
    actor_id: int | None,
) -> list[dict[str, Any]]:
    now = utcnow()
    return [
        {
            "organization_id": org.id,
            "member_id": member_id,
            "starts_on": period.starts_on,
            "ends_on": period.ends_on,
            "in_good_standing": period.in_good_standing,
            "basis": period.basis,
            "reference": reason[:200],
            "recorded_at": now,
            "recorded_by_id": actor_id,
        }
        for period in periods
    ]
