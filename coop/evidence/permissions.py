"""Who sees the evidence and who sets what it is measured against."""

from coop.auth.models import Access, Role

READERS = frozenset({Role.ADMIN, Role.SECRETARY, Role.CERTIFIER})


def can_view_evidence(access: Access | None) -> bool:
    """The board sees the same evidence page the certifier does."""
    return access is not None and access.role in READERS


def can_set_evidence(access: Access | None) -> bool:
    """The financial year and the shares the checks hold to are set by administrators."""
    return access is not None and access.role == Role.ADMIN
