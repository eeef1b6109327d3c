"""Who manages certifiers' access and reads its log."""

from coop.auth.models import Access, Role

BOARD = frozenset({Role.ADMIN, Role.SECRETARY})


def can_manage_certifiers(access: Access | None) -> bool:
    """Limits and tokens of certifiers are set by administrators, who give the access."""
    return access is not None and access.role == Role.ADMIN


def can_read_visits(access: Access | None) -> bool:
    """The board reads what certifiers opened."""
    return access is not None and access.role in BOARD


def is_certifier(access: Access | None) -> bool:
    """A certifier's access: read-only, logged, limited to its periods."""
    return access is not None and access.role == Role.CERTIFIER
