"""Register facts decided on plain values."""

import enum


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_STATED = "not_stated"


class MemberStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    EXCLUDED = "excluded"
    DECEASED = "deceased"


# Members who count for quorum and may vote, in the skeleton's simple rule.
VOTING_STATUSES = frozenset({MemberStatus.ACTIVE})


def normalize_number(raw: str) -> str:
    """Member numbers are compared without surrounding spaces, case-insensitively."""
    return raw.strip().upper()
