"""Who signs an organization's minutes beside the president and the secretary."""

from coop.audit.services import record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.minutes.models import MinutesSettings
from coop.minutes.rules import MAX_MEMBER_SIGNERS


def settings_of(org: Organization) -> MinutesSettings:
    """The organization's settings, or the default (no member signs beside the president and
    the secretary) when none were saved."""
    found = db.session.scalar(scoped(MinutesSettings, org))
    return found or MinutesSettings(organization_id=org.id, member_signers=0, basis="")


def save_settings(
    org: Organization, member_signers: int, basis: str, actor_id: int | None
) -> MinutesSettings:
    """Record how many members sign the minutes and where the statute says so. Minutes
    already approved keep the signatures they were approved with."""
    if not 0 <= member_signers <= MAX_MEMBER_SIGNERS:
        raise DomainError(
            _(
                "Between 0 and %(most)s members sign beside the president and the secretary.",
                most=MAX_MEMBER_SIGNERS,
            )
        )
    settings = settings_of(org)
    settings.member_signers, settings.basis = member_signers, basis.strip()[:200]
    settings.updated_at = utcnow()
    db.session.add(settings)
    record(
        org,
        actor_id,
        "minutes.signers_set",
        settings,
        member_signers=member_signers,
        basis=settings.basis,
    )
    return settings
