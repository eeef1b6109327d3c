"""Writing to the audit trail."""

import hashlib
import json
from typing import Any

import sqlalchemy as sa

from coop.audit.models import AuditEvent
from coop.core.db import utcnow
from coop.core.extensions import db
from coop.core.tenancy.models import Organization

GENESIS = "0" * 64


def event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _last_hash(org: Organization) -> str:
    # Lock the organization's row so two writers never fork the chain (PostgreSQL). NO KEY
    # UPDATE does not conflict with the KEY SHARE locks that inserting rows which refer to
    # the organization already took, so two writers queue instead of deadlocking.
    db.session.execute(
        sa.select(Organization.id).where(Organization.id == org.id).with_for_update(key_share=True)
    )
    prev = db.session.scalar(
        sa.select(AuditEvent.hash)
        .where(AuditEvent.organization_id == org.id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    return prev or GENESIS


def record(
    org: Organization,
    actor_id: int | None,
    action: str,
    obj: Any,
    **data: Any,
) -> AuditEvent:
    """Append an event for `obj` to the organization's chain and flush it."""
    db.session.flush()  # the object needs its id before it is named in the trail
    prev = _last_hash(org)
    event = AuditEvent(
        organization_id=org.id,
        actor_id=actor_id,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        data=data,
        created_at=utcnow(),
        prev_hash=prev,
    )
    event.hash = event_hash(event.prev_hash, chain_payload(event))
    db.session.add(event)
    db.session.flush()
    return event


def record_many(
    org: Organization,
    actor_id: int | None,
    entries: list[tuple[str, str, int | None, dict[str, Any]]],
) -> None:
    """Append many (action, object type, object id, data) events at once, chained in order."""
    db.session.flush()
    prev = _last_hash(org)
    now = utcnow()
    rows = []
    for action, object_type, object_id, data in entries:
        event = AuditEvent(
            organization_id=org.id,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=data,
            created_at=now,
            prev_hash=prev,
        )
        event.hash = prev = event_hash(prev, chain_payload(event))
        rows.append(event)
    # Ids are given in insertion order, which keeps the chain's order.
    db.session.add_all(rows)
    db.session.flush()


HASHED = ("organization_id", "actor_id", "action", "object_type", "object_id", "data")


def chain_payload(event: AuditEvent) -> dict[str, Any]:
    """The fields of an event that its hash covers."""
    return payload_of({key: getattr(event, key) for key in (*HASHED, "created_at")})


def payload_of(values: dict[str, Any]) -> dict[str, Any]:
    """The hashed fields from an event's plain values."""
    return {**{key: values[key] for key in HASHED}, "created_at": values["created_at"].isoformat()}
