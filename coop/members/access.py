"""Whose access counts on an organization's pages: current, and for members, still members."""

from functools import cache
from typing import Any

import sqlalchemy as sa
from flask import g

from coop.auth.models import Access
from coop.auth.permissions import is_current
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.rules import EXIT_STATUSES


def load_context(slug: str, user_id: int | None) -> tuple[Organization | None, Any]:
    """The organization named `slug` and the user's access there if it counts today, in one
    query; the member the access belongs to is kept in `g.member` for the page.

    An access counts until its expiry date and, for a member's account, while the member has
    not left the organization.
    """
    g.member = None
    if user_id is None:
        return db.session.scalar(_organization(), {"slug": slug}), None
    row = db.session.execute(_context(), {"slug": slug, "user_id": user_id}).one_or_none()
    if row is None:
        return None, None
    org, access, member = row
    if access is None or not is_current(access, org.today()):
        return org, None
    if member is not None and member.status in EXIT_STATUSES:
        return org, None
    g.member = member
    return org, access


# Built once: every page of an organization starts with one of these.


@cache
def _organization() -> sa.Select:
    return sa.select(Organization).where(Organization.slug == sa.bindparam("slug", type_=sa.String))


@cache
def _context() -> sa.Select:
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    return (
        sa.select(Organization, Access, Member)
        .outerjoin(
            Access, sa.and_(Access.organization_id == Organization.id, Access.user_id == user_id)
        )
        .outerjoin(Member, Member.id == Access.member_id)
        .where(Organization.slug == sa.bindparam("slug", type_=sa.String))
    )
