"""Every model, imported once so that the mappers and Alembic see the whole schema."""

from coop.assemblies.models import AgendaItem, Assembly, Attendance
from coop.audit.models import AuditEvent
from coop.auth.models import Access, User
from coop.core.tenancy.models import Organization
from coop.members.models import (
    Member,
)
from coop.minutes.models import Minutes
from coop.voting.models import Ballot, Vote

__all__ = [
    "Access",
    "AgendaItem",
    "Assembly",
    "Attendance",
    "AuditEvent",
    "Ballot",
    "Member",
    "Minutes",
    "Organization",
    "User",
    "Vote",
]
