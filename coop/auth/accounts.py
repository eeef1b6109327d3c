"""Who has access to an organization by e-mail, and taking it away (it is given by
invitation: coop/auth/invitations.py)."""

from coop.audit.services import record
from coop.auth.models import Access, Role, User
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped

# Roles given by e-mail; members get theirs with a PIN from the register.
STAFF_ROLES = (Role.ADMIN, Role.SECRETARY, Role.CERTIFIER)


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
