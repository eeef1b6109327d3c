"""Creating accounts, giving roles and checking passwords."""

from datetime import date

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from coop.audit.services import record
from coop.auth.models import Access, Role, User
from coop.auth.permissions import is_current
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.context import ContextLoader
from coop.core.tenancy.models import Organization

# Compared against when no account matches, so a miss takes as long as a wrong password.
DUMMY_HASH = generate_password_hash("not-a-password")


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
        check_password_hash(DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; other sessions end."""
    if user.password_hash is None or not check_password_hash(user.password_hash, current):
        raise DomainError(_("The current password is wrong."))
    if check_password_hash(user.password_hash, new):
        raise DomainError(_("Choose a password different from the current one."))
    user.password_hash = hash_secret(new)
    user.must_change_password = False
    user.session_version += 1


def start_page(
    user_id: int, load_context: ContextLoader
) -> tuple[list[Organization], list[tuple[Organization, date | None]]]:
    """The organizations where the user's access counts today, and those where it has ended,
    with the day it ended when it had one (a certifier's). Whether a member's access still
    counts is the members' business: `load_context` (tenancy's loader) answers it."""
    rows = db.session.execute(
        sa.select(Organization, Access)
        .join(Access, Access.organization_id == Organization.id)
        .where(Access.user_id == user_id)
        .order_by(Organization.name)
    ).all()
    current: list[Organization] = []
    ended: list[tuple[Organization, date | None]] = []
    for org, access in rows:
        if access.member_id is None:
            counts = is_current(access, org.today())
        else:
            counts = load_context(org.slug, user_id)[1] is not None
        if counts:
            current.append(org)
        else:
            ended.append((org, access.expires_on))
    return current, ended
