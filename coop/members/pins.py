"""Members' logins: a PIN per member, issued by the board, checked at the member login."""

import secrets

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from coop.audit.services import record
from coop.auth.models import Access, Role, User
from coop.auth.services import DUMMY_HASH, create_user, grant, hash_secret
from coop.auth.throttling import lift_member_lock
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members import signals
from coop.members.models import Member
from coop.members.rules import EXIT_STATUSES, normalize_number


def authenticate_member(org: Organization, number: str, pin: str) -> User | None:
    """The account of the member with this number and PIN in `org`, or None."""
    access = db.session.scalar(
        sa.select(Access)
        .join(Member, Member.id == Access.member_id)
        .where(Access.organization_id == org.id, Member.number == normalize_number(number))
    )
    if access is None or access.pin_hash is None:
        check_password_hash(DUMMY_HASH, pin)
        return None
    member = db.session.get(Member, access.member_id)
    if not check_password_hash(access.pin_hash, pin) or member is None:
        return None
    # Whoever has left the organization no longer logs in to it.
    return None if member.status in EXIT_STATUSES else access.user


def new_pin() -> str:
    """A six-digit PIN, easy to type on a phone keypad."""
    return f"{secrets.randbelow(10**6):06d}"


def issue_pin(
    org: Organization, member: Member, actor_id: int | None, pin: str | None = None
) -> str:
    """Create or reset the login of `member` and return the new PIN, shown once."""
    signals.pin_issuing.send(org, member=member, actor_id=actor_id)
    pin = pin or new_pin()
    access = db.session.scalar(sa.select(Access).where(Access.member_id == member.id))
    if access is None:
        user = create_user(member.full_name, None, None)
        access = grant(org, user, Role.MEMBER, actor_id, member_id=member.id)
    access.pin_hash = hash_secret(pin)
    access.user.session_version += 1  # a session opened with the old PIN ends
    lift_member_lock(org.id, member.number, at_desk=False)  # the new PIN is tried afresh
    record(org, actor_id, "member.pin_issued", member)
    return pin
