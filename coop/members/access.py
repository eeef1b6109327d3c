"""Whose access counts on an organization's pages: current, and for members, still members."""

import sqlalchemy as sa

from coop.auth.models import Access
from coop.auth.permissions import is_current
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.rules import EXIT_STATUSES


def load_access(org: Organization, user_id: int) -> Access | None:
    """The user's access to `org` if it counts today, in one query: not expired, and for a
    member's account, the member has not left the organization."""
    row = db.session.execute(
        sa.select(Access, Member.status)
        .outerjoin(Member, Member.id == Access.member_id)
        .where(Access.organization_id == org.id, Access.user_id == user_id)
    ).one_or_none()
    if row is None:
        return None
    access, status = row
    if not is_current(access, org.today()) or status in EXIT_STATUSES:
        return None
    return access
