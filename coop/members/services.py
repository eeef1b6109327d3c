"""Changes to the member register, each one audited."""

from typing import Any

import sqlalchemy as sa

from coop.audit.services import record
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members.models import Member
from coop.members.rules import VOTING_STATUSES, MemberStatus, Sex, normalize_number
from coop.orgs.models import Organization
from coop.orgs.scoping import scoped

FIELDS = ("number", "given_names", "surnames", "sex", "community", "joined_on", "status")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    clean = {key: data[key] for key in FIELDS if key in data}
    clean["number"] = normalize_number(clean["number"])
    clean["sex"] = Sex(clean["sex"])
    clean["status"] = MemberStatus(clean["status"])
    for key in ("given_names", "surnames", "community"):
        clean[key] = (clean.get(key) or "").strip()
    return clean


def _ensure_number_free(org: Organization, number: str, member_id: int | None) -> None:
    taken = db.session.scalar(
        scoped(Member, org).where(Member.number == number, Member.id != (member_id or 0))
    )
    if taken is not None:
        raise DomainError(_("Member number %(number)s is already taken.", number=number))


def _snapshot(member: Member) -> dict[str, str]:
    return {key: str(getattr(member, key)) for key in FIELDS}


def create_member(org: Organization, data: dict[str, Any], actor_id: int | None) -> Member:
    """Add a member to the register."""
    clean = _clean(data)
    _ensure_number_free(org, clean["number"], None)
    member = Member(organization_id=org.id, **clean)
    db.session.add(member)
    record(org, actor_id, "member.created", member, after=_snapshot(member))
    return member


def update_member(
    org: Organization, member: Member, data: dict[str, Any], actor_id: int | None
) -> Member:
    """Change a member's record, keeping what it was before in the audit trail."""
    clean = _clean(data)
    _ensure_number_free(org, clean["number"], member.id)
    before = _snapshot(member)
    for key, value in clean.items():
        setattr(member, key, value)
    after = _snapshot(member)
    changed = {k: [before[k], after[k]] for k in FIELDS if before[k] != after[k]}
    if changed:
        record(org, actor_id, "member.updated", member, changes=changed)
    return member


def search_members(org: Organization, query: str = "", status: str = "") -> sa.Select:
    """Members matching a name or number fragment and a status, in number order."""
    stmt = scoped(Member, org)
    if query:
        like = f"%{query.strip()}%"
        stmt = stmt.where(
            sa.or_(
                Member.number.ilike(like),
                Member.given_names.ilike(like),
                Member.surnames.ilike(like),
            )
        )
    if status in {s.value for s in MemberStatus}:
        stmt = stmt.where(Member.status == MemberStatus(status))
    return stmt.order_by(Member.number)


def find_by_number(org: Organization, number: str) -> Member | None:
    """The member of `org` with this number."""
    return db.session.scalar(scoped(Member, org).where(Member.number == normalize_number(number)))


def count_voting_members(org: Organization) -> int:
    """Members who count for quorum now (the status history that dates it comes later)."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Member)
            .where(Member.organization_id == org.id, Member.status.in_(VOTING_STATUSES))
        )
        or 0
    )
