"""Saving the organization's register settings: small-producer thresholds and the youth age."""

from coop.audit.services import record
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.models import SmallProducerThreshold
from coop.members.rules import Product, Threshold


def save_thresholds(
    org: Organization, limits: dict[Product, Threshold], youth_max_age: int, actor_id: int | None
) -> None:
    """Replace the organization's thresholds and youth age, recorded in the audit trail."""
    rows = {row.product: row for row in db.session.scalars(scoped(SmallProducerThreshold, org))}
    for product, limit in limits.items():
        row = rows.get(product) or SmallProducerThreshold(organization_id=org.id, product=product)
        row.max_area_ha, row.max_hives = limit.max_area_ha, limit.max_hives
        db.session.add(row)
    org.youth_max_age = youth_max_age
    record(
        org,
        actor_id,
        "register.thresholds_set",
        org,
        youth_max_age=youth_max_age,
        limits={
            p.value: [str(t.max_area_ha or ""), str(t.max_hives or "")] for p, t in limits.items()
        },
    )
