"""Founding an organization: the tenant and the first version of its statute, together."""

from coop.core.tenancy.models import Organization
from coop.orgs.services import create_organization
from coop.statutes.services import start_statute


def found_organization(
    slug: str, name: str, country: str, timezone: str, default_locale: str
) -> Organization:
    """A new organization whose statute starts from its country's preset."""
    org = create_organization(slug, name, country, timezone, default_locale)
    start_statute(org, None)
    return org
