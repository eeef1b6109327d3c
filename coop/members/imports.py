"""Importing the register from a spreadsheet: upload, map columns, preview, apply."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from coop.audit.services import record, record_many
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members import bulk
from coop.members.columns import match_headers
from coop.members.import_plan import MemberPlan, Problem, plan_members
from coop.members.import_plan import missing_columns as missing_columns
from coop.members.models import ImportBatch, Member, MemberStatusChange, ProductionUnit
from coop.members.register_labels import message, translated_aliases
from coop.members.rules import MemberStatus
from coop.members.services import MEMBER_FIELDS, UNIT_FIELDS, clean_member, snapshot_of
from coop.members.tabular import TableError, read_table
from coop.orgs.models import Organization
from coop.orgs.scoping import scoped


@dataclass
class Registered:
    """A member already in the register, as plain values."""

    id: int
    status: MemberStatus
    values: dict[str, Any]
    units: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Planned:
    """A member of the file, set against the register."""

    plan: MemberPlan
    existing: Registered | None
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if self.existing is None:
            return "new"
        return "update" if self.changes else "unchanged"


@dataclass
class Preview:
    planned: list[Planned]
    orphans: list[Problem]
    missing: list[str]

    @property
    def problems(self) -> list[Problem]:
        found = [p for item in self.planned for p in item.plan.problems] + self.orphans
        return sorted(found, key=lambda p: (p.line or 0, p.column or ""))

    def count(self, kind: str) -> int:
        return sum(1 for p in self.planned if p.kind == kind and not p.plan.problems)

    @property
    def invalid_members(self) -> int:
        return sum(1 for p in self.planned if p.plan.problems) + len({p.line for p in self.orphans})


def start_import(org: Organization, user_id: int, filename: str, data: bytes) -> ImportBatch:
    """Read an uploaded file and keep it, with a first guess of its columns; it replaces the
    user's earlier upload."""
    limit = current_app.config["MEMBER_IMPORT_MAX_MB"]
    if len(data) > limit * 1024 * 1024:
        raise DomainError(message("too_large", {"max": limit}))
    try:
        table = read_table(data)
    except TableError as error:
        raise DomainError(message(error.code, error.params)) from None
    discard_old_batches(org, user_id)
    aliases = translated_aliases(tuple(current_app.config["LANGUAGES"]))
    batch = ImportBatch(
        organization_id=org.id,
        user_id=user_id,
        filename=filename[:200] or "upload",
        source=table.source,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=table.headers,
        rows=table.rows,
        widths=table.widths,
        lines=table.lines,
        mapping=match_headers(table.headers, aliases),
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def set_mapping(batch: ImportBatch, mapping: list[str | None]) -> None:
    """Choose the column each header stands for; a column may be chosen once."""
    chosen = [key for key in mapping if key]
    if len(chosen) != len(set(chosen)):
        raise DomainError(_("Each column of the register can be chosen for one header only."))
    batch.mapping = mapping


def build_preview(org: Organization, batch: ImportBatch) -> Preview:
    """What applying the file would change, and every problem that stops a member."""
    missing = missing_columns(batch.mapping)
    if missing:
        return Preview([], [], missing)
    plans, orphans = plan_members(
        batch.headers,
        batch.rows,
        batch.widths,
        batch.mapping,
        batch.source,
        org.today(),
        batch.lines,
    )
    register = _register(org)
    first_changes = _first_later_change(org)
    id_owners = {
        m.values["national_id"]: number for number, m in register.items() if m.values["national_id"]
    }
    units_mapped = any(k in batch.mapping for k in ("product",))
    planned = []
    for plan in plans:
        existing = register.get(plan.number)
        national_id = (plan.member.get("national_id") or "").strip().upper()
        owner = id_owners.get(national_id)
        if national_id and owner and owner != plan.number:
            plan.problems.append(
                Problem(plan.lines[0], None, "id_taken", {"id": national_id, "number": owner})
            )
        item = Planned(plan, existing)
        if (
            existing is None
            and plan.status not in (None, MemberStatus.ACTIVE)
            and (plan.status_since is None)
        ):
            plan.problems.append(Problem(plan.lines[0], None, "status_needs_date"))
        if existing is not None:
            item.changes = _changes(existing, plan, units_mapped)
            later = first_changes.get(existing.id)
            joined = plan.member.get("joined_on")
            if "joined_on" in item.changes and later is not None and joined > later:
                plan.problems.append(
                    Problem(plan.lines[0], None, "join_after_history", {"date": later.isoformat()})
                )
        planned.append(item)
    return Preview(planned, orphans, [])


def _register(org: Organization) -> dict[str, Registered]:
    """The organization's members and units, read as plain rows: fast for large registers."""
    columns = [getattr(Member, key) for key in MEMBER_FIELDS]
    rows = db.session.execute(
        sa.select(Member.id, Member.status, *columns).where(Member.organization_id == org.id)
    ).mappings()
    register = {
        row["number"]: Registered(row["id"], row["status"], {k: row[k] for k in MEMBER_FIELDS})
        for row in rows
    }
    by_id = {member.id: member for member in register.values()}
    unit_columns = [getattr(ProductionUnit, key) for key in UNIT_FIELDS]
    units = db.session.execute(
        sa.select(ProductionUnit.member_id, *unit_columns)
        .where(ProductionUnit.organization_id == org.id)
        .order_by(ProductionUnit.id)
    ).mappings()
    for unit in units:
        by_id[unit["member_id"]].units.append({k: unit[k] for k in UNIT_FIELDS})
    return register


def _first_later_change(org: Organization) -> dict[int, date]:
    """For each member, the date of the first status change after their admission."""
    first = (
        sa.select(MemberStatusChange.member_id, sa.func.min(MemberStatusChange.id).label("id"))
        .where(MemberStatusChange.organization_id == org.id)
        .group_by(MemberStatusChange.member_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(MemberStatusChange.member_id, sa.func.min(MemberStatusChange.effective_on))
        .join(first, first.c.member_id == MemberStatusChange.member_id)
        .where(MemberStatusChange.id != first.c.id)
        .group_by(MemberStatusChange.member_id)
    )
    return dict(rows.all())


def _unit_text(values: dict[str, Any]) -> str:
    return "; ".join(f"{k}={values[k]}" for k in UNIT_FIELDS if values.get(k) not in (None, False))


def _merged(member: Registered, plan: MemberPlan) -> dict[str, Any]:
    """The member's values after the file: what it leaves out stays as it is."""
    return clean_member({**member.values, **plan.member})


def _changes(
    member: Registered, plan: MemberPlan, units_mapped: bool
) -> dict[str, tuple[str, str]]:
    before, after = snapshot_of(member.values), snapshot_of(_merged(member, plan))
    changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if plan.status is not None and plan.status != member.status:
        changes["status"] = (member.status.value, plan.status.value)
    if units_mapped:
        old = [_unit_text(u) for u in member.units]
        new = [_unit_text(u) for u in plan.units]
        if old != new:
            changes["units"] = (" | ".join(old), " | ".join(new))
    return changes


def apply_import(
    org: Organization, batch: ImportBatch, valid_only: bool, actor_id: int
) -> dict[str, int]:
    """Write the file's members: all of them, or with `valid_only` those without problems."""
    preview = build_preview(org, batch)
    if preview.missing:
        raise DomainError(_("Choose a header for every required column first."))
    if preview.problems and not valid_only:
        raise DomainError(_("The file has problems: correct them, or import the valid rows only."))
    todo = [p for p in preview.planned if not p.plan.problems and p.kind != "unchanged"]
    if not todo:
        raise DomainError(_("There is nothing to import."))
    reason = _("Imported from %(file)s", file=batch.filename)
    new = [item for item in todo if item.existing is None]
    updated = [(item, item.existing) for item in todo if item.existing is not None]
    entries: list[tuple[str, str, int | None, dict[str, Any]]] = [
        (
            "member.updated",
            "member",
            member.id,
            {"changes": {k: list(v) for k, v in item.changes.items()}, "import": batch.sha256},
        )
        for item, member in updated
    ]
    changes = [
        (
            member.id,
            member.status,
            _merged(member, item.plan),
            item.plan.status if "status" in item.changes else None,
            item.plan.units if "units" in item.changes else None,
            item.plan.status_since,
        )
        for item, member in updated
    ]
    cleaned = [
        (clean_member(item.plan.member), item.plan.status, item.plan.units, item.plan.status_since)
        for item in new
    ]
    moved = [
        (member.id, item.plan.member["joined_on"])
        for item, member in updated
        if "joined_on" in item.changes
    ]
    try:
        bulk.update_members(org, changes, reason, actor_id, moved)
        ids = bulk.insert_members(org, cleaned, reason, actor_id)
    except IntegrityError:
        # Numbers or IDs swapped between members in one file: refused whole.
        raise DomainError(_("Two members would end up with the same number or ID.")) from None
    entries += [
        (
            "member.created",
            "member",
            member_id,
            {
                "after": {k: "" if v is None else str(v) for k, v in clean.items()},
                "import": batch.sha256,
            },
        )
        for member_id, (clean, _status, _units, _since) in zip(ids, cleaned, strict=True)
    ]
    record_many(org, actor_id, entries)
    counts = {"created": len(new), "updated": len(updated), "skipped": preview.invalid_members}
    record(
        org,
        actor_id,
        "members.imported",
        batch,
        filename=batch.filename,
        sha256=batch.sha256,
        **counts,
    )
    db.session.delete(batch)
    return counts


def pending_batch(org: Organization, batch_id: int, user_id: int) -> ImportBatch | None:
    """An upload of this user in this organization."""
    return db.session.scalar(
        scoped(ImportBatch, org).where(ImportBatch.id == batch_id, ImportBatch.user_id == user_id)
    )


def discard_old_batches(org: Organization, user_id: int) -> None:
    """A user keeps one pending upload at a time."""
    db.session.execute(
        sa.delete(ImportBatch).where(
            ImportBatch.organization_id == org.id, ImportBatch.user_id == user_id
        )
    )
