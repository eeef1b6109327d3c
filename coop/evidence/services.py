"""The evidence of an organization for a period, and its settings."""

from dataclasses import dataclass
from datetime import date

from coop.audit.services import ChainHead, chain_head, record
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.evidence.models import EvidenceSettings
from coop.evidence.records import load
from coop.evidence.rules import periods as dates
from coop.evidence.rules.evaluate import all_checks
from coop.evidence.rules.facts import Settings
from coop.evidence.rules.participation import AssemblyPoint, YearPoint, over_time
from coop.evidence.rules.periods import Period, YearEnd
from coop.evidence.rules.results import Check, Status

# Days after the financial year within which the ordinary assembly meets, by country, where
# GOVERNANCE-RULES.md gives the law's figure (Brazil 3 months, Uruguay 180 days, Guatemala
# 90 days); 180 elsewhere until the organization sets its own.
ORDINARY_WINDOW_DAYS = {"BR": 90, "UY": 180, "GT": 90}
SETTING_FIELDS = (
    "year_end_month",
    "year_end_day",
    "ordinary_within_days",
    "small_producer_percent",
    "board_renewal_percent",
)


def settings_row(org: Organization) -> EvidenceSettings:
    """The organization's evidence settings; the defaults (not yet saved) when none are set."""
    row = db.session.scalar(scoped(EvidenceSettings, org))
    if row is None:
        row = EvidenceSettings(
            organization_id=org.id,
            year_end_month=12,
            year_end_day=31,
            ordinary_within_days=ORDINARY_WINDOW_DAYS.get(org.country, 180),
            small_producer_percent=50,
            board_renewal_percent=None,
        )
    return row


def settings_of(org: Organization) -> Settings:
    """The thresholds the checks hold the organization to."""
    row = settings_row(org)
    return Settings(**{k: getattr(row, k) for k in SETTING_FIELDS}, youth_max_age=org.youth_max_age)


def save_settings(
    org: Organization, values: dict[str, int | None], actor_id: int | None
) -> EvidenceSettings:
    """Record the organization's evidence settings, in the audit trail."""
    try:
        YearEnd(int(values["year_end_month"] or 0), int(values["year_end_day"] or 0)).in_year(2001)
        date(2001, int(values["year_end_month"] or 0), int(values["year_end_day"] or 0))
    except ValueError:
        raise DomainError(_("That day does not exist in that month.")) from None
    row = settings_row(org)
    for key in SETTING_FIELDS:
        setattr(row, key, values[key])
    row.updated_by_id = actor_id
    db.session.add(row)
    record(org, actor_id, "evidence.settings_set", org, **{k: values[k] for k in SETTING_FIELDS})
    return row


def year_end(org: Organization) -> YearEnd:
    """The day the organization's financial year closes."""
    settings = settings_of(org)
    return YearEnd(settings.year_end_month, settings.year_end_day)


def available_periods(org: Organization, first: date | None = None) -> list[Period]:
    """The last twelve months and every financial year since the organization's record
    begins (its first assembly, or its founding)."""
    start = min(first or org.created_at.date(), org.created_at.date())
    return dates.periods(year_end(org), start, org.today())


def period_for(org: Organization, key: str) -> Period | None:
    """The period named by `key` (None when it names none)."""
    return dates.parse(key, year_end(org), org.today())


@dataclass(frozen=True)
class Evidence:
    """The checks of one period with the figures over time, as of one head of the chain."""

    period: Period
    checks: list[Check]
    years: list[YearPoint]
    assemblies: list[AssemblyPoint]  # those of the period, for the table
    head: ChainHead
    settings: Settings

    def count(self, status: Status) -> int:
        return sum(1 for check in self.checks if check.status == status)


def evidence_for(org: Organization, period: Period) -> Evidence:
    """Compute every check of `period` and the participation figures over the years."""
    settings, today = settings_of(org), org.today()
    record_, points = load(org, period, settings, today)
    first = min([p.day for p in points] + [min(period.start, today)])
    years = dates.years_between(
        YearEnd(settings.year_end_month, settings.year_end_day), first, today
    )
    return Evidence(
        period=period,
        checks=all_checks(record_, period, points),
        years=over_time(record_, points, years),
        assemblies=[p for p in points if p.day in period],
        head=chain_head(org),
        settings=settings,
    )
