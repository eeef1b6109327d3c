"""Importing the register from a spreadsheet: upload, map columns, preview, apply.

The checked plan is computed when the file or its columns change (both are POSTs), kept
with the upload, and reused by the preview and the apply for as long as the register's
version (its latest audit event, and the day) has not moved; otherwise it is recomputed.
"""

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from coop.audit.models import AuditEvent
from coop.audit.services import Entry, record, record_many
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.memory import bulk_work
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members import bulk
from coop.members.columns import match_headers
from coop.members.import_codec import (
    plan_bytes,
    plan_from_bytes,
    summary_bytes,
    summary_from_bytes,
)
from coop.members.import_plan import (
    Problem,
    StatedStanding,
    dropped_data_columns,
    missing_columns,
    plan_members,
)
from coop.members.import_preview import Kind, Planned, Preview, plan_new, plan_update
from coop.members.import_register import (
    load_history,
    load_register,
    load_standing,
    touches_history,
)
from coop.members.import_summary import Summary, summarize
from coop.members.models import ImportBatch
from coop.members.register_labels import message, translated_aliases
from coop.members.services import MEMBER_FIELDS, snapshot_of
from coop.members.table_writes import insert_rows
from coop.members.tabular import TableError, read_table

# Member fields an update may change: what the preview lists among its changes.
CHANGED_FIELDS = frozenset(MEMBER_FIELDS)


@dataclass(frozen=True)
class ApplyChoice:
    """What the board chose on the preview page."""

    valid_only: bool = False
    confirmed: frozenset[str] = frozenset()  # numbers of conflicts confirmed one by one
    confirm_all: bool = False  # every conflict, which needs a reason
    reason: str = ""

    def confirms(self, item: Planned) -> bool:
        return self.confirm_all or item.number in self.confirmed


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int  # members with problems, and conflicts not confirmed


@bulk_work
def start_import(org: Organization, user_id: int, filename: str, data: bytes) -> ImportBatch:
    """Read an uploaded file and keep it, with a first guess of its columns and, when they
    are all found, its checked plan; it replaces the user's earlier upload."""
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
    keep_plan(org, batch)  # before it joins the session: written once, plan and all
    db.session.add(batch)
    db.session.flush()
    return batch


@bulk_work
def set_mapping(org: Organization, batch: ImportBatch, mapping: list[str | None]) -> None:
    """Choose the column each header stands for; a column may be chosen once."""
    chosen = [key for key in mapping if key]
    if len(chosen) != len(set(chosen)):
        raise DomainError(_("Each column of the register can be chosen for one header only."))
    batch.mapping = mapping
    keep_plan(org, batch)


def register_version(org: Organization) -> str:
    """Changes whenever the register may have: every change of it is audited."""
    latest = db.session.scalar(
        sa.select(sa.func.max(AuditEvent.id)).where(AuditEvent.organization_id == org.id)
    )
    return f"{latest or 0}:{org.today().isoformat()}"


SHOWN = 200  # problems, changes and conflicts the preview page lists; the counts cover all


def keep_plan(org: Organization, batch: ImportBatch) -> None:
    """Check the file against the register now, and keep the result with the upload."""
    if missing_columns(batch.mapping):
        batch.plan = batch.summary = batch.plan_version = None
        return
    version = register_version(org)
    preview = build_preview(org, batch)
    batch.plan, batch.summary = plan_bytes(preview), summary_bytes(summarize(preview, SHOWN))
    batch.plan_version = version


def _kept(org: Organization, batch: ImportBatch) -> bool:
    return batch.plan_version is not None and batch.plan_version == register_version(org)


@bulk_work
def current_summary(org: Organization, batch: ImportBatch) -> Summary:
    """What the preview page shows: kept while the register is as it was, else checked again
    (and not kept: a page that reads does not write)."""
    if _kept(org, batch) and batch.summary is not None:
        return summary_from_bytes(batch.summary)
    return summarize(build_preview(org, batch), SHOWN)


def current_plan(org: Organization, batch: ImportBatch) -> Preview:
    """What the apply writes: the kept plan while the register is as it was, else checked
    again."""
    if _kept(org, batch) and batch.plan is not None:
        return plan_from_bytes(batch.plan)
    return build_preview(org, batch)


def build_preview(org: Organization, batch: ImportBatch) -> Preview:
    """What applying the file would change, and every problem that stops a member."""
    dropped = dropped_data_columns(batch.headers, batch.rows, batch.mapping)
    missing = missing_columns(batch.mapping)
    if missing:
        return Preview([], [], missing, dropped)
    today = org.today()
    plans, orphans = plan_members(
        batch.headers, batch.rows, batch.widths, batch.mapping, batch.source, today, batch.lines
    )
    register = load_register(org)
    load_history(org, register, [p for p in plans if touches_history(p, register)])
    load_standing(org, register, [p for p in plans if p.standing != StatedStanding()])
    id_owners = {
        m.values["national_id"]: number for number, m in register.items() if m.values["national_id"]
    }
    units_mapped = "product" in batch.mapping
    items = []
    for plan in plans:
        national_id = (plan.member.get("national_id") or "").strip().upper()
        owner = id_owners.get(national_id)
        if national_id and owner and owner != plan.number:
            plan.problems.append(
                Problem(plan.lines[0], None, "id_taken", {"id": national_id, "number": owner})
            )
        existing = register.get(plan.number)
        if existing is None:
            items.append(plan_new(plan, today))
        else:
            items.append(plan_update(plan, existing, units_mapped, today))
    return Preview(items, orphans, [], dropped)


@bulk_work
def apply_import(
    org: Organization, batch: ImportBatch, choice: ApplyChoice, actor_id: int
) -> ImportResult:
    """Write the file's members: all of them, or with `valid_only` those without problems;
    a member whose number is another person's only when the board confirmed it."""
    preview = current_plan(org, batch)
    _check_choice(preview, choice)
    conflicts = [item for item in preview.valid(Kind.CONFLICT) if choice.confirms(item)]
    new, updates = preview.valid(Kind.NEW), preview.valid(Kind.UPDATE) + conflicts
    if not new and not updates:
        raise DomainError(_("There is nothing to import."))
    reason = _("Imported from %(file)s", file=batch.filename)
    ids = _write(org, new, updates, reason, actor_id)
    _audit(org, actor_id, batch, new, ids, updates, choice)
    skipped = preview.invalid_members + preview.count(Kind.CONFLICT) - len(conflicts)
    result = ImportResult(len(new), len(updates), skipped)
    record(
        org,
        actor_id,
        "members.imported",
        batch,
        filename=batch.filename,
        sha256=batch.sha256,
        created=result.created,
        updated=result.updated,
        skipped=result.skipped,
        conflicts_confirmed=len(conflicts),
    )
    db.session.execute(sa.delete(ImportBatch).where(ImportBatch.id == batch.id))
    return result


def _check_choice(preview: Preview, choice: ApplyChoice) -> None:
    if preview.missing:
        raise DomainError(_("Choose a header for every required column first."))
    if preview.invalid_members and not choice.valid_only:
        raise DomainError(_("The file has problems: correct them, or import the valid rows only."))
    if choice.confirm_all and not choice.reason.strip():
        raise DomainError(_("Give the reason for replacing these members' details."))


def _write(
    org: Organization, new: list[Planned], updates: list[Planned], reason: str, actor_id: int
) -> list[int]:
    try:
        ids = bulk.insert_members(
            org,
            [
                bulk.NewMember(i.values, i.status_after, i.status_since, i.units or [], i.standing)
                for i in new
            ],
            reason,
            actor_id,
        )
        bulk.update_members(
            org,
            [
                bulk.MemberUpdate(
                    i.member_id or 0,
                    i.values,
                    i.status_after,
                    i.status,
                    i.status_since,
                    i.units,
                    i.corrections,
                    i.standing,
                    frozenset(i.changes) & CHANGED_FIELDS,
                )
                for i in updates
            ],
            reason,
            actor_id,
        )
    except IntegrityError:
        # Numbers or IDs swapped between members in one file: refused whole.
        raise DomainError(_("Two members would end up with the same number or ID.")) from None
    return ids


def _audit(
    org: Organization,
    actor_id: int,
    batch: ImportBatch,
    new: list[Planned],
    ids: list[int],
    updates: list[Planned],
    choice: ApplyChoice,
) -> None:
    entries = []
    for item in updates:
        data: dict[str, object] = {"changes": item.changes, "import": batch.sha256}
        if item.kind == Kind.CONFLICT:
            data["replaces"] = {
                "name": item.registered_name,
                "confirmed": "all" if choice.confirm_all else "row",
                "reason": choice.reason.strip()[:500],
            }
        entries.append(Entry("member.updated", "member", item.member_id, data))
    for member_id, item in zip(ids, new, strict=True):
        after = snapshot_of(item.values)
        entries.append(
            Entry("member.created", "member", member_id, {"after": after, "import": batch.sha256})
        )
    record_many(org, actor_id, entries, insert_rows)


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
