"""Importing the register from a spreadsheet: upload, map columns, preview, apply."""

import hashlib
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from coop.audit.services import record, record_many
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members.columns import match_headers
from coop.members.import_messages import message, translated_aliases
from coop.members.import_plan import MemberPlan, Problem, plan_members
from coop.members.import_plan import missing_columns as missing_columns
from coop.members.models import ImportBatch, Member, MemberStatusChange, ProductionUnit
from coop.members.rules import MemberStatus
from coop.members.services import UNIT_FIELDS, build_member, clean_member, latest_status, snapshot
from coop.members.tabular import TableError, read_table
from coop.orgs.models import Organization
from coop.orgs.scoping import scoped


@dataclass
class Planned:
    """A member of the file, set against the register."""

    plan: MemberPlan
    existing: Member | None
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
    """Read an uploaded file and keep it, with a first guess of its columns."""
    limit = current_app.config["MEMBER_IMPORT_MAX_MB"]
    if len(data) > limit * 1024 * 1024:
        raise DomainError(message("too_large", {"max": limit}))
    try:
        table = read_table(data)
    except TableError as error:
        raise DomainError(message(error.code, error.params)) from None
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
        batch.headers, batch.rows, batch.widths, batch.mapping, batch.source, org.today()
    )
    register = {
        m.number: m
        for m in db.session.scalars(scoped(Member, org).options(selectinload(Member.units)))
    }
    id_owners = {m.national_id: m.number for m in register.values() if m.national_id}
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
        if existing is not None:
            item.changes = _changes(existing, plan, units_mapped)
        planned.append(item)
    return Preview(planned, orphans, [])


def _unit_text(values: dict[str, Any]) -> str:
    return "; ".join(f"{k}={values[k]}" for k in UNIT_FIELDS if values.get(k) not in (None, False))


def _changes(member: Member, plan: MemberPlan, units_mapped: bool) -> dict[str, tuple[str, str]]:
    clean = clean_member({**snapshot_values(member), **plan.member})
    before, after = snapshot(member), {**snapshot(member)}
    for key, value in clean.items():
        after[key] = "" if value is None else str(value)
    changes = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if plan.status is not None and plan.status != member.status:
        changes["status"] = (member.status.value, plan.status.value)
    if units_mapped:
        old = [_unit_text({k: getattr(u, k) for k in UNIT_FIELDS}) for u in member.units]
        new = [_unit_text(u) for u in plan.units]
        if old != new:
            changes["units"] = (" | ".join(old), " | ".join(new))
    return changes


def snapshot_values(member: Member) -> dict[str, Any]:
    """The member's current typed values, to fill what the file leaves out."""
    from coop.members.services import MEMBER_FIELDS

    return {key: getattr(member, key) for key in MEMBER_FIELDS}


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
    units_mapped = "product" in batch.mapping
    entries: list[tuple[str, str, int | None, dict[str, Any]]] = []
    created: list[Member] = []
    for item in todo:
        if item.existing is None:
            member = build_member(org, clean_member(item.plan.member), actor_id, reason)
            _set_status(org, member, item.plan.status, reason, actor_id)
            member.units = [ProductionUnit(organization_id=org.id, **u) for u in item.plan.units]
            created.append(member)
        else:
            _update(org, item, units_mapped, reason, actor_id)
    db.session.add_all(created)
    try:
        db.session.flush()
    except IntegrityError:
        # Numbers or IDs swapped between members in one file: refused whole.
        raise DomainError(_("Two members would end up with the same number or ID.")) from None
    for item in todo:
        if item.existing is None:
            continue
        entries.append(
            (
                "member.updated",
                "member",
                item.existing.id,
                {"changes": {k: list(v) for k, v in item.changes.items()}, "import": batch.sha256},
            )
        )
    for member in created:
        entries.append(
            (
                "member.created",
                "member",
                member.id,
                {"after": snapshot(member), "import": batch.sha256},
            )
        )
    record_many(org, actor_id, entries)
    counts = {
        "created": len(created),
        "updated": len(todo) - len(created),
        "skipped": preview.invalid_members,
    }
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


def _set_status(
    org: Organization, member: Member, status: MemberStatus | None, reason: str, actor_id: int
) -> None:
    if status is None or status == member.status:
        return
    member.history.append(
        MemberStatusChange(
            organization_id=org.id,
            status=status,
            effective_on=org.today(),
            reason=reason,
            recorded_by_id=actor_id,
        )
    )
    member.status = latest_status(member)


def _update(
    org: Organization, item: Planned, units_mapped: bool, reason: str, actor_id: int
) -> None:
    member = item.existing
    assert member is not None
    for key, value in clean_member({**snapshot_values(member), **item.plan.member}).items():
        setattr(member, key, value)
    member.refresh_search_text()
    _set_status(org, member, item.plan.status, reason, actor_id)
    if units_mapped and "units" in item.changes:
        member.units.clear()
        member.units.extend(ProductionUnit(organization_id=org.id, **u) for u in item.plan.units)


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
