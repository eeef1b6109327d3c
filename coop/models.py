"""Every model, imported once so that the mappers and Alembic see the whole schema."""

from coop.assemblies.models import AgendaItem, Assembly, Attendance
from coop.audit.models import AuditAnchor, AuditEvent
from coop.auth.models import Access, User
from coop.certifiers.models import ApiToken, CertifierGrant, CertifierVisit
from coop.core.tenancy.models import Organization
from coop.evidence.models import EvidenceSettings
from coop.members.models import (
    Member,
)
from coop.minutes.models import Minutes
from coop.voting.models import Ballot, Vote

__all__ = [
    "Access",
    "ApiToken",
    "AgendaItem",
    "Assembly",
    "Attendance",
    "AuditAnchor",
    "AuditEvent",
    "Ballot",
    "CertifierGrant",
    "CertifierVisit",
    "EvidenceSettings",
    "Member",
    "Minutes",
    "Organization",
    "User",
    "Vote",
]
