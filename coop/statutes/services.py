"""Statute versions: the one in force on a date, and recording a new one."""

from datetime import date

from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _, _l
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.statutes.codec import to_json
from coop.statutes.models import Statute
from coop.statutes.presets import PRESETS, preset_for
from coop.statutes.rules import StatuteRules, check_rules

# The first version of a new organization applies to everything before later ones.
FIRST_VERSION_DATE = date(1900, 1, 1)

PROBLEMS = {
    "notice_negative": _l("The notice cannot be negative."),
    "notice_max_below_min": _l("The longest notice cannot be shorter than the shortest."),
    "calls_count": _l("A statute has one to three calls."),
    "call_min_count": _l("A minimum headcount is at least 1."),
    "call_minutes": _l("The time between calls cannot be negative."),
    "proxies_negative": _l("The number of proxies cannot be negative."),
    "decision_quorum_at_most": _l("A cap on a decision's quorum is at least 1 member."),
    "ordinary_extraordinary_only": _l(
        "Ordinary decisions cannot belong to the extraordinary assembly alone."
    ),
}


def statute_on(org: Organization, day: date) -> Statute:
    """The version in force on `day` (the earliest one for days before any version)."""
    versions = scoped(Statute, org)
    version = db.session.scalar(
        versions.where(Statute.effective_from <= day).order_by(Statute.effective_from.desc())
    )
    if version is None:
        version = db.session.scalar(versions.order_by(Statute.effective_from))
    if version is None:
        # Every organization is founded with a statute, and migration 0006 gave one to those
        # from before statutes: a missing one is a broken database, not a page to draw.
        raise LookupError(f"organization {org.slug} has no statute")
    return version


def versions(org: Organization) -> list[Statute]:
    """Every version, newest first."""
    return list(db.session.scalars(scoped(Statute, org).order_by(Statute.effective_from.desc())))


def start_statute(org: Organization, actor_id: int | None) -> Statute:
    """The first version of a new organization: its country's preset."""
    preset = preset_for(org.country)
    return save_version(org, FIRST_VERSION_DATE, preset, "", PRESETS[preset], actor_id)


def save_version(
    org: Organization,
    effective_from: date,
    preset: str,
    source: str,
    rules: StatuteRules,
    actor_id: int | None,
) -> Statute:
    """Record a version of the rules in force from `effective_from`."""
    problems = check_rules(rules)
    if problems:
        raise DomainError(PROBLEMS[problems[0]])
    taken = db.session.scalar(scoped(Statute, org).where(Statute.effective_from == effective_from))
    if taken is not None:
        raise DomainError(
            _("A version already takes effect on %(date)s.", date=effective_from.isoformat())
        )
    statute = Statute(
        organization_id=org.id,
        effective_from=effective_from,
        preset=preset if preset in PRESETS else "custom",
        source=source.strip()[:300],
        rules_json=to_json(rules),
        created_by_id=actor_id,
    )
    db.session.add(statute)
    record(
        org,
        actor_id,
        "statute.version_added",
        statute,
        effective_from=effective_from.isoformat(),
        preset=statute.preset,
        rules=statute.rules_json,
    )
    return statute
