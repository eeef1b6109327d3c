"""Creating accounts, issuing PINs and checking credentials."""

import secrets

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from coop.audit.services import record
from coop.auth.models import Access, Role, User
from coop.errors import DomainError
from coop.extensions import db
from coop.i18n import _
from coop.members.models import Member
from coop.members.rules import EXIT_STATUSES, normalize_number
from coop.orgs.models import Organization

# Compared against when no account matches, so a miss takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password")


def hash_secret(secret: str) -> str:
    """Werkzeug's scrypt hash of a password or PIN (tests may configure a cheaper method)."""
    return generate_password_hash(secret, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(name: str, email: str | None, password: str | None) -> User:
    """A new account; e-mail is stored lower-case."""
    user = User(
        name=name,
        email=email.strip().lower() if email else None,
        password_hash=hash_secret(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def grant(
    org: Organization, user: User, role: Role, actor_id: int | None, **extra: object
) -> Access:
    """Give `user` a role in `org`, recorded in the audit trail."""
    access = Access(organization_id=org.id, user_id=user.id, role=role, **extra)
    db.session.add(access)
    record(org, actor_id, "access.granted", access, user_id=user.id, role=role.value)
    return access


def authenticate(email: str, password: str) -> User | None:
    """The account with this e-mail and password, or None."""
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def authenticate_member(org: Organization, number: str, pin: str) -> User | None:
    """The account of the member with this number and PIN in `org`, or None."""
    access = db.session.scalar(
        sa.select(Access)
        .join(Member, Member.id == Access.member_id)
        .where(Access.organization_id == org.id, Member.number == normalize_number(number))
    )
    if access is None or access.pin_hash is None:
        check_password_hash(_DUMMY_HASH, pin)
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
    pin = pin or new_pin()
    access = db.session.scalar(sa.select(Access).where(Access.member_id == member.id))
    if access is None:
        user = create_user(member.full_name, None, None)
        access = grant(org, user, Role.MEMBER, actor_id, member_id=member.id)
    access.pin_hash = hash_secret(pin)
    access.user.session_version += 1  # a session opened with the old PIN ends
    record(org, actor_id, "member.pin_issued", member)
    return pin


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; other sessions end."""
    if user.password_hash is None or not check_password_hash(user.password_hash, current):
        raise DomainError(_("The current password is wrong."))
    if check_password_hash(user.password_hash, new):
        raise DomainError(_("Choose a password different from the current one."))
    user.password_hash = hash_secret(new)
    user.must_change_password = False
    user.session_version += 1
