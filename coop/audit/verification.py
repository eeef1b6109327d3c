"""Checking an organization's chain in the database, with the same code an export's
standalone script uses: every event's hash, the links, and every anchored head."""

from typing import Any

import sqlalchemy as sa

from coop.audit.models import AuditEvent
from coop.audit.offline import Problem, check_chain
from coop.audit.services import anchors_of
from coop.core.extensions import db
from coop.core.tenancy.models import Organization


def trail_rows(org: Organization) -> list[dict[str, Any]]:
    """The organization's events as the export lists them: in chain order, unsealed last."""
    columns = (
        AuditEvent.id,
        AuditEvent.seq,
        AuditEvent.organization_id,
        AuditEvent.created_at,
        AuditEvent.actor_id,
        AuditEvent.action,
        AuditEvent.object_type,
        AuditEvent.object_id,
        AuditEvent.data,
        AuditEvent.prev_hash,
        AuditEvent.hash,
    )
    rows = db.session.execute(
        sa.select(*columns)
        .where(AuditEvent.organization_id == org.id)
        .order_by(AuditEvent.seq.is_(None), AuditEvent.seq, AuditEvent.id)
    )
    return [{**row._asdict(), "created_at": row.created_at.isoformat()} for row in rows]


def anchor_rows(org: Organization) -> list[dict[str, Any]]:
    """Every anchored head of the organization, as the export lists them."""
    return [
        {
            "seq": a.seq,
            "hash": a.hash,
            "purpose": a.purpose,
            "reference": a.reference,
            "created_at": a.created_at.isoformat(),
        }
        for a in anchors_of(org)
    ]


def verify_chain(org: Organization) -> list[Problem]:
    """What no longer holds in the organization's chain as the database keeps it."""
    return check_chain(trail_rows(org), None, anchor_rows(org))
