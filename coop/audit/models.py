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
