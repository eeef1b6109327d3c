"""Creating organizations."""

import re
from zoneinfo import available_timezones

import sqlalchemy as sa
from flask import current_app

from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")


def create_organization(
    slug: str, name: str, country: str, timezone: str, default_locale: str
) -> Organization:
    """A new organization, after checking its slug, time zone and language; its statute is
    started by the statutes layer that founds it (coop/statutes/founding.py)."""
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise DomainError(_("The short name may hold lower-case letters, digits and dashes."))
    if timezone not in available_timezones():
        raise DomainError(_("Unknown time zone: %(tz)s.", tz=timezone))
    if default_locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Unknown language: %(lang)s.", lang=default_locale))
    if db.session.scalar(sa.select(Organization.id).where(Organization.slug == slug)):
        raise DomainError(_("An organization named %(slug)s already exists.", slug=slug))
    org = Organization(
        slug=slug,
        name=name.strip(),
        country=country.strip().upper()[:2],
        timezone=timezone,
        default_locale=default_locale,
    )
    db.session.add(org)
    db.session.flush()
    return org
