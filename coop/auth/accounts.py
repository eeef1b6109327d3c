"""Giving people access to an organization, and taking it away."""

import secrets
from datetime import date

import sqlalchemy as sa

from coop.audit.services import record
from coop.auth.models import Access, Role, User
from coop.auth.services import create_user, grant
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped

# Roles given by e-mail; members get theirs with a PIN from the register.
STAFF_ROLES = (Role.ADMIN, Role.SECRETARY, Role.CERTIFIER)


def add_account(
    org: Organization,
    name: str,
    email: str,
    role: str,
    expires_on: date | None,
    actor_id: int,
) -> tuple[Access, str | None]:
    """Give `email` a role here; a new account's password is returned to be shown once."""
    role = Role(role)
    if role not in STAFF_ROLES:
        raise DomainError(_("Members get access with a PIN from the member register."))
    if role == Role.CERTIFIER and (expires_on is None or expires_on < org.today()):
        raise DomainError(_("A certifier's access needs an expiry date that is not in the past."))
    email = email.strip().lower()
    user = db.session.scalar(sa.select(User).where(User.email == email))
    password = None
    if user is None:
        password = secrets.token_urlsafe(9)
        user = create_user(name, email, password)
        # The administrator has seen it: it only serves to log in once and choose another.
        user.must_change_password = True
    elif db.session.scalar(scoped(Access, org).where(Access.user_id == user.id)) is not None:
        raise DomainError(_("%(email)s already has access to this organization.", email=email))
    access = grant(org, user, role, actor_id, expires_on=expires_on)
    return access, password


def revoke(org: Organization, access: Access, actor_id: int) -> None:
    """Take a person's access away; nobody removes their own."""
    if access.user_id == actor_id:
        raise DomainError(_("You cannot remove your own access."))
    record(org, actor_id, "access.revoked", access, user_id=access.user_id, role=access.role.value)
    db.session.delete(access)


def accounts(org: Organization) -> list[Access]:
    """Everyone with access to the organization by e-mail, by role then name."""
    return list(
        db.session.scalars(
            scoped(Access, org)
            .join(User, User.id == Access.user_id)
            .where(Access.role.in_(STAFF_ROLES))
            .order_by(Access.role, User.name)
        )
    )
