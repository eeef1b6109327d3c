"""Whose access counts on an organization's pages: current, and for members, still members."""

from functools import cache
from typing import Any

import sqlalchemy as sa
from flask import g
from flask_login import current_user
from sqlalchemy.orm import load_only

from coop.auth.models import Access, LoginSession, User
from coop.auth.permissions import is_current
from coop.auth.sessions import checked_user, cookie_keys, found_with_page, live_session_row
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
    return _counted(*row)


def load_page_context(slug: str) -> tuple[Organization | None, Any]:
    """`load_context` for the reader of the page: the login session the cookie names is
    found in the same query (and handed to Flask-Login), one round trip fewer on every page
    of an organization."""
    keys = cookie_keys()
    if keys is None:
        user_id = current_user.id if current_user.is_authenticated else None
        return load_context(slug, user_id)
    g.member = None
    row = db.session.execute(_page_context(), {"slug": slug, **keys.values()}).one_or_none()
    if row is None:
        return None, None
    org, access, member, user, kind = row
    user = checked_user(keys, user, kind)
    found_with_page(keys, user)
    if user is None:
        return org, None
    return _counted(org, access, member)


def _counted(org: Organization, access: Access | None, member: Member | None) -> tuple[Any, Any]:
    """The organization, and the access if it counts today (see `load_context`)."""
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


# What pages read of the reader's member; the rest of the register's fields is loaded if a
# page asks for it. Fewer columns on the statement every page of an organization starts with.
PAGE_MEMBER = (
    Member.organization_id,
    Member.number,
    Member.given_names,
    Member.surnames,
    Member.status,
)


@cache
def _page_context() -> sa.Select:
    return (
        sa.select(Organization, Access, Member, User, LoginSession.kind)
        .options(load_only(*PAGE_MEMBER))
        .select_from(Organization)
        .outerjoin(LoginSession, live_session_row())
        .outerjoin(User, User.id == LoginSession.user_id)
        .outerjoin(
            Access,
            sa.and_(
                Access.organization_id == Organization.id,
                Access.user_id == LoginSession.user_id,
            ),
        )
        .outerjoin(Member, Member.id == Access.member_id)
        .where(Organization.slug == sa.bindparam("slug", type_=sa.String))
    )


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
