"""The API's answers as plain JSON values, read through each domain's services and queries.
Members come without their ID number, phone or birth date; ballots, PINs and receipts never."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import abort, current_app
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from coop.assemblies.attendance import book_lines
from coop.assemblies.models import Assembly
from coop.assemblies.services import assembly_day
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.evidence.records import all_assemblies
from coop.evidence.rules.periods import Period
from coop.members.models import Member
from coop.minutes.services import approved_minutes
from coop.voting.results import results_of


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def dumps(data: Any) -> str:
    """JSON with dates as ISO text and decimals as text."""
    return json.dumps(data, ensure_ascii=False, default=_plain)


def answer(data: Any) -> Response:
    """A JSON response of `data`."""
    return current_app.response_class(dumps(data), mimetype="application/json")


def organization(org: Organization) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "name": org.name,
        "country": org.country,
        "language": org.default_locale,
        "timezone": org.timezone,
    }


def period(p: Period) -> dict[str, Any]:
    return {"key": p.key, "start": p.start, "end": p.end}


def members(org: Organization, page: int, per_page: int) -> tuple[list[dict[str, Any]], int]:
    """One page of the register, in number order, without sensitive fields."""
    stmt = scoped(Member, org)
    total = db.session.scalar(stmt.with_only_columns(db.func.count())) or 0
    today = org.today()
    rows = db.session.scalars(
        stmt.options(selectinload(Member.units), selectinload(Member.standing))
        .order_by(Member.number_key, Member.number)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    items = [
        {
            "number": m.number,
            "given_names": m.given_names,
            "surnames": m.surnames,
            "sex": m.sex.value,
            "birth_year": m.birth_year,
            "community": m.community,
            "group": m.group_name,
            "joined_on": m.joined_on,
            "status": m.status.value,
            "in_good_standing": m.in_good_standing_on(today),
            "units": [
                {
                    "product": u.product.value,
                    "product_area_ha": u.product_area_ha,
                    "hives": u.hives,
                    "certifications": u.certifications,
                }
                for u in m.units
            ],
        }
        for m in rows
    ]
    return items, total


def day_of(org: Organization, assembly: Assembly) -> date:
    return assembly_day(org, assembly)


def assembly_of(org: Organization, assembly_id: int) -> Assembly:
    assembly = db.session.scalar(scoped(Assembly, org).where(Assembly.id == assembly_id))
    if assembly is None:
        abort(404)
    return assembly


def _summary(org: Organization, a: Assembly) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind.value,
        "title": a.title,
        "date": assembly_day(org, a),
        "starts_at": a.starts_at,
        "place": a.place,
        "status": a.status.value,
        "notice_given_on": a.notice_given_on,
        "notice_channels": list(a.notice_channels or []),
        "opened_at_call": a.current_call if a.opened_at else None,
        "eligible": a.eligible_count,
        "present": a.present_count,
        "represented": a.represented_count,
        "quorum_required": a.quorum_required,
    }


def assemblies(org: Organization, p: Period) -> list[dict[str, Any]]:
    """The assemblies of a period, by date."""
    return [_summary(org, a) for a in all_assemblies(org) if assembly_day(org, a) in p]


def assembly_detail(org: Organization, a: Assembly) -> dict[str, Any]:
    """An assembly with its agenda and attendance book."""
    return {
        **_summary(org, a),
        "agenda": [
            {
                "position": i.position,
                "title": i.title,
                "kind": i.kind.value,
                "decision_kind": i.decision_kind.value,
                "added_in_session": i.added_in_session,
            }
            for i in a.items
        ],
        "attendance": [
            {
                "member_number": line.number,
                "arrived_at": line.arrived_at,
                "departed_at": line.departed_at,
                "source": line.source,
            }
            for line in book_lines([a.id])[a.id]
        ],
    }


def votes(a: Assembly) -> list[dict[str, Any]]:
    """The votes of an assembly with their results (no count while a vote is open)."""
    return [
        {
            "id": r.vote_id,
            "item_position": r.item_position,
            "item_title": r.item_title,
            "decision_kind": r.decision_kind,
            "kind": r.kind,
            "question": r.question,
            "secret": r.secret,
            "channels": list(r.channels),
            "open": r.is_open,
            "seats": r.seats,
            "results": [
                {"key": c.key, "label": c.label, "votes": c.count, "elected": c.elected}
                for c in r.counts
            ],
            "blank": r.blank,
            "spoiled": r.spoiled,
            "outcome": r.outcome,
            "majority_rule": r.majority_rule,
            "present": r.present,
            "represented": r.represented,
            "eligible": r.eligible,
            "quorum_required": r.quorum_required,
            "abstained_by_law": r.abstained_by_law,
            "closed_at": r.closed_at,
        }
        for r in results_of([a.id])[a.id]
    ]


def minutes(org: Organization, p: Period) -> list[dict[str, Any]]:
    """The approved minutes of a period's assemblies, with the hashes they were locked with."""
    ids = [a.id for a in all_assemblies(org) if assembly_day(org, a) in p]
    return [
        {
            "number": m.number,
            "assembly_id": m.assembly_id,
            "approved_at": m.approved_at,
            "locale": m.locked_locale,
            "html_sha256": m.locked_sha256,
            "pdf_sha256": m.locked_pdf_sha256,
        }
        for m in sorted(approved_minutes(org, ids).values(), key=lambda m: m.number or 0)
    ]
