"""One audit event; each carries its place in its organization's chain and the hash of the
one before it. An event appended unsealed has neither until the chain's next write."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coop.core.db import Base, reference, tenant_key, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        # One event per place, and two events never follow the same one: the chain cannot
        # fork, on any database.
        sa.UniqueConstraint("organization_id", "seq"),
        sa.UniqueConstraint("organization_id", "prev_hash"),
        # An organization's events in the order they were written (and those still unsealed).
        sa.Index("ix_audit_event_chain", "organization_id", "id"),
        # The history of one record (a member's page).
        sa.Index("ix_audit_event_object", "object_type", "object_id"),
        # Sealed means all three set; unsealed, none.
        sa.CheckConstraint(
            "(seq IS NULL AND prev_hash IS NULL AND hash IS NULL) OR "
            "(seq > 0 AND prev_hash IS NOT NULL AND hash IS NOT NULL)",
            name="sealed_whole",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    actor_id: Mapped[int | None] = reference("user_account.id")
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The event's place in the chain (1, 2, ...), the hash of the one before, its own hash.
    seq: Mapped[int | None]
    prev_hash: Mapped[str | None] = mapped_column(sa.String(64))
    hash: Mapped[str | None] = mapped_column(sa.String(64))


class AuditAnchor(Base):
    """A chain head written down outside the chain: an export made, minutes signed. Rows are
    only ever added; verification checks that every anchored head is still in the chain, so a
    chain edited and recomputed afterwards no longer matches its anchors."""

    __tablename__ = "audit_anchor"
    __table_args__ = (
        sa.Index("ix_audit_anchor_chain", "organization_id", "seq"),
        sa.CheckConstraint("seq >= 0", name="seq_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    # The head when the anchor was taken: 0 and the genesis hash for an empty chain.
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(sa.String(64))
    # What took it ("export", "minutes.signed"), and what it names (a manifest's SHA-256...).
    purpose: Mapped[str] = mapped_column(sa.String(40))
    created_by_id: Mapped[int | None] = reference("user_account.id")
    reference: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditTampering(Exception):
    """An attempt, through the application, to change or remove what the trail has kept."""


@sa.event.listens_for(AuditEvent, "before_delete")
def _never_delete_event(_mapper: Any, _connection: Any, event: AuditEvent) -> None:
    raise AuditTampering(f"audit event {event.id} cannot be deleted")


@sa.event.listens_for(AuditEvent, "before_update")
def _only_seal_event(_mapper: Any, _connection: Any, event: AuditEvent) -> None:
    # The one change an event ever takes: an unsealed one gets its place and hash.
    state = sa.inspect(event)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    sealing = state.attrs.seq.history.deleted in ([], [None]) and event.seq is not None
    if not (changed <= {"seq", "prev_hash", "hash"} and sealing):
        raise AuditTampering(f"audit event {event.id} cannot be changed once written")


@sa.event.listens_for(AuditAnchor, "before_delete")
@sa.event.listens_for(AuditAnchor, "before_update")
def _anchors_stay(_mapper: Any, _connection: Any, row: AuditAnchor) -> None:
    raise AuditTampering(f"audit anchor {row.id} cannot be changed or deleted")
