"""One audit event; each carries the hash of the one before it in its organization."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coop.core.db import Base, reference, tenant_key, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        # Two events can never follow the same one: the chain cannot fork, on any database.
        sa.UniqueConstraint("organization_id", "prev_hash"),
        # The head of an organization's chain, and its events in order.
        sa.Index("ix_audit_event_chain", "organization_id", "id"),
        # The history of one record (a member's page).
        sa.Index("ix_audit_event_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    actor_id: Mapped[int | None] = reference("user_account.id")
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
