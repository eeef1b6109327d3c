"""Invitations: an administrator offers a role in the organization to an e-mail address, and
the access exists only once the person takes it up through the link they were given.

The administrator's reply is the same whether or not the address has an account, and an
organization appears on a person's start page only once they have accepted.
"""

import hashlib
import secrets
from datetime import date, timedelta

import sqlalchemy as sa

from coop.audit.services import record
from coop.auth.accounts import STAFF_ROLES
from coop.auth.models import Access, Invitation, Role, User
from coop.auth.services import create_user, grant
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped

VALID_FOR = timedelta(days=14)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    org: Organization,
    name: str,
    email: str,
    role: str,
    expires_on: date | None,
    actor_id: int,
) -> tuple[Invitation, str]:
    """Offer `email` a role here, replacing an earlier offer; returns the invitation and the
    token of its link, shown once. Nothing says whether the address has an account."""
    role = Role(role)
    if role not in STAFF_ROLES:
        raise DomainError(_("Members get access with a PIN from the member register."))
    if role == Role.CERTIFIER and (expires_on is None or expires_on < org.today()):
        raise DomainError(_("A certifier's access needs an expiry date that is not in the past."))
    email = email.strip().lower()
    holder = db.session.scalar(
        scoped(Access, org).join(User, User.id == Access.user_id).where(User.email == email)
    )
    if holder is not None:
        # The administrator sees this organization's accounts anyway: nothing else is told.
        raise DomainError(_("%(email)s already has access to this organization.", email=email))
    db.session.execute(
        sa.delete(Invitation).where(Invitation.organization_id == org.id, Invitation.email == email)
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization_id=org.id,
        email=email,
        name=name.strip(),
        role=role,
        expires_on=expires_on,
        token_hash=_digest(token),
        valid_until=utcnow() + VALID_FOR,
        invited_by_id=actor_id,
    )
    db.session.add(invitation)
    record(org, actor_id, "invitation.sent", invitation, email=email, role=role.value)
    return invitation, token


def find(token: str) -> Invitation | None:
    """The invitation this link's token opens, if it is still valid."""
    return db.session.scalar(
        sa.select(Invitation).where(
            Invitation.token_hash == _digest(token), Invitation.valid_until > utcnow()
        )
    )


def accept(invitation: Invitation, user: User) -> Access:
    """Give `user` the role offered; only the account with the invited address takes it up."""
    if user.email != invitation.email:
        raise DomainError(
            _("This invitation is for %(email)s: log in with that address.", email=invitation.email)
        )
    org = invitation.organization
    if invitation.expires_on is not None and invitation.expires_on < org.today():
        raise DomainError(_("The access this invitation offered has already ended."))
    existing = db.session.scalar(scoped(Access, org).where(Access.user_id == user.id))
    access = existing or grant(
        org, user, invitation.role, invitation.invited_by_id, expires_on=invitation.expires_on
    )
    record(org, user.id, "invitation.accepted", invitation, user_id=user.id)
    db.session.delete(invitation)
    return access


def accept_with_new_account(invitation: Invitation, password: str) -> User:
    """Create the account of an invited address that has none, with the password its owner
    chooses, and take up the invitation."""
    if db.session.scalar(sa.select(User.id).where(User.email == invitation.email)) is not None:
        raise DomainError(_("An account with this address exists: log in to accept."))
    user = create_user(invitation.name, invitation.email, password)
    accept(invitation, user)
    return user


def withdraw(org: Organization, invitation: Invitation, actor_id: int) -> None:
    """Take back an invitation that has not been taken up."""
    record(org, actor_id, "invitation.withdrawn", invitation, email=invitation.email)
    db.session.delete(invitation)


def pending(org: Organization) -> list[Invitation]:
    """The organization's invitations not yet taken up, the newest first."""
    return list(db.session.scalars(scoped(Invitation, org).order_by(Invitation.created_at.desc())))
