"""Writing to the audit trail: one hash chain per organization.

Most events are chained as they are written, under a lock on the organization's row. Events
written in great numbers at once (a ballot per member while a vote is open) are appended
without the lock and without a place in the chain, so that hundreds of voters do not queue
on one row; the next chained write of the organization (at the latest, closing the vote)
seals them: it gives each its place (`seq`) and hash, in the order they became visible.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa

from coop.audit.models import AuditAnchor, AuditEvent
from coop.audit.offline import GENESIS, HASHED, event_hash
from coop.core.db import utcnow
from coop.core.extensions import db
from coop.core.tenancy.models import Organization


def chain_payload(event: AuditEvent) -> dict[str, Any]:
    """The fields of an event that its hash covers."""
    return payload_of({key: getattr(event, key) for key in (*HASHED, "created_at")})


def payload_of(values: dict[str, Any]) -> dict[str, Any]:
    """The hashed fields from an event's plain values."""
    return {**{key: values[key] for key in HASHED}, "created_at": values["created_at"].isoformat()}


class _Head:
    """The end of an organization's chain while events are added to it."""

    def __init__(self, seq: int, hash_: str) -> None:
        self.seq, self.hash = seq, hash_

    def link(self, event: AuditEvent) -> None:
        """Give `event` the next place in the chain and its hash."""
        self.seq += 1
        event.seq, event.prev_hash = self.seq, self.hash
        event.hash = self.hash = event_hash(self.hash, chain_payload(event))


def _lock_head(org: Organization) -> _Head:
    """Hold the organization's chain and seal what was appended unsealed since it was last
    held. The row lock keeps two writers from forking the chain on PostgreSQL (NO KEY UPDATE
    does not conflict with the KEY SHARE locks that inserting rows which refer to the
    organization already took, so writers queue instead of deadlocking); UNIQUE
    (organization_id, prev_hash) and (organization_id, seq) make a fork impossible anyway."""
    db.session.execute(
        sa.select(Organization.id).where(Organization.id == org.id).with_for_update(key_share=True)
    )
    last = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.organization_id == org.id, AuditEvent.seq.is_not(None))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    head = _Head(last.seq, last.hash) if last else _Head(0, GENESIS)
    pending = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.organization_id == org.id, AuditEvent.seq.is_(None))
        .order_by(AuditEvent.id)
    )
    for event in pending:
        head.link(event)
    return head


def record(
    org: Organization,
    actor_id: int | None,
    action: str,
    obj: Any,
    **data: Any,
) -> AuditEvent:
    """Append an event for `obj` to the organization's chain and flush it."""
    db.session.flush()  # the object needs its id before it is named in the trail
    head = _lock_head(org)
    event = _event(org, actor_id, action, type(obj).__name__.lower(), getattr(obj, "id", None))
    event.data = data
    head.link(event)
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
    writer such as PostgreSQL's COPY), or plain INSERTs by default."""
    db.session.flush()
    head = _lock_head(org)
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
        }
        head.seq += 1
        row["seq"], row["prev_hash"] = head.seq, head.hash
        row["hash"] = head.hash = event_hash(head.hash, payload_of(row))
        rows.append(row)
    db.session.flush()  # the sealing of earlier events goes first
    (insert_rows or _insert_events)(AuditEvent, rows)


def _insert_events(model: type, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 1000):
        db.session.execute(sa.insert(model), rows[start : start + 1000])


# An unsealed event's fields, given as the bind parameters "event_<field>".
UNSEALED = (
    "organization_id",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "data",
    "created_at",
)


def unsealed_values(
    org: Organization,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: int | None,
    data: dict[str, Any],
) -> dict[str, Any]:
    """The bind parameters of `unsealed_insert` and `unsealed_for_each`: an event appended
    without taking the chain's lock, sealed into the chain by the organization's next chained
    write. For events that arrive by the hundred at once (ballots)."""
    values = (org.id, actor_id, action, object_type, object_id, data, utcnow())
    return {f"event_{key}": value for key, value in zip(UNSEALED, values, strict=True)}


def _unsealed_fields() -> dict[str, sa.BindParameter[Any]]:
    table = AuditEvent.__table__
    return {key: sa.bindparam(f"event_{key}", type_=table.c[key].type) for key in UNSEALED}


# Built once each. The table's INSERT: the model's, run with values, is an ORM bulk insert.


@cache
def unsealed_insert() -> sa.Insert:
    """INSERT of one unsealed event (see `unsealed_values`)."""
    return sa.insert(AuditEvent.__table__).values(_unsealed_fields())


def unsealed_for_each(rows: sa.CTE) -> sa.Insert:
    """INSERT of an unsealed event for each row of `rows`, the common table expression of a
    statement that wrote (PostgreSQL): the event goes in with what it records, in the same
    statement, and only if that was written."""
    fields = sa.select(*_unsealed_fields().values()).select_from(rows)
    return sa.insert(AuditEvent.__table__).from_select(UNSEALED, fields)


def seal(org: Organization) -> None:
    """Give every event appended unsealed so far its place and hash in the chain."""
    _lock_head(org)
    db.session.flush()


def _event(
    org: Organization,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: int | None,
    created_at: Any = None,
) -> AuditEvent:
    return AuditEvent(
        organization_id=org.id,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        created_at=created_at or utcnow(),
    )


@dataclass(frozen=True)
class ChainHead:
    """The last sealed event of a chain: its place and hash (0 and GENESIS when empty)."""

    seq: int
    hash: str


def chain_head(org: Organization) -> ChainHead:
    """The head of the organization's chain as sealed now (events still unsealed follow it)."""
    last = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.organization_id == org.id, AuditEvent.seq.is_not(None))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    return ChainHead(last.seq, last.hash) if last else ChainHead(0, GENESIS)


def anchor(org: Organization, purpose: str, reference: str, actor_id: int | None) -> AuditAnchor:
    """Seal what is pending and write the chain's head down outside the chain (an export, a
    signature): a chain edited and recomputed later no longer holds this head."""
    seal(org)
    head = chain_head(org)
    row = AuditAnchor(
        organization_id=org.id,
        seq=head.seq,
        hash=head.hash,
        purpose=purpose[:40],
        reference=reference[:200],
        created_by_id=actor_id,
    )
    db.session.add(row)
    db.session.flush()
    return row


def anchors_of(org: Organization) -> list[AuditAnchor]:
    """Every head anchored for the organization, oldest first."""
    return list(
        db.session.scalars(
            sa.select(AuditAnchor)
            .where(AuditAnchor.organization_id == org.id)
            .order_by(AuditAnchor.seq, AuditAnchor.id)
        )
    )
