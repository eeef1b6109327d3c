"""Writing to the audit trail."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from coop.audit.models import AuditEvent
from coop.db import utcnow
from coop.extensions import db
from coop.orgs.models import Organization

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


@dataclass(frozen=True)
class Entry:
    """One event of a batch written by `record_many`."""

    action: str
    object_type: str
    object_id: int | None
    data: dict[str, Any]


def record_many(
    org: Organization,
    actor_id: int | None,
    entries: list[Entry],
    insert_rows: Callable[[type, list[dict[str, Any]]], None] | None = None,
) -> None:
    """Append many events at once, chained in order; `insert_rows` writes them (a bulk
    writer such as COPY), or plain INSERTs by default. The writer must keep their order."""
    db.session.flush()
    prev = _last_hash(org)
    now = utcnow()
    rows = []
    for entry in entries:
        row = {
            "organization_id": org.id,
            "actor_id": actor_id,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "data": entry.data,
            "created_at": now,
            "prev_hash": prev,
        }
        row["hash"] = prev = event_hash(prev, payload_of(row))
        rows.append(row)
    # Ids are given in insertion order, which keeps the chain's order.
    (insert_rows or _insert_events)(AuditEvent, rows)


def _insert_events(model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 1000):
        db.session.execute(sa.insert(model), rows[start : start + 1000])


HASHED = ("organization_id", "actor_id", "action", "object_type", "object_id", "data")


def chain_payload(event: AuditEvent) -> dict[str, Any]:
    """The fields of an event that its hash covers."""
    return payload_of({key: getattr(event, key) for key in (*HASHED, "created_at")})


def payload_of(values: dict[str, Any]) -> dict[str, Any]:
    """The hashed fields from an event's plain values."""
    return {**{key: values[key] for key in HASHED}, "created_at": values["created_at"].isoformat()}
