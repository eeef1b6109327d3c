"""Changes to the member register, each one audited with what it was before and after."""

from datetime import date
from typing import Any

import sqlalchemy as sa

from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.history import admission_entry, correct_join_date
from coop.members.models import GoodStandingPeriod, Member, MemberStatusChange, ProductionUnit
from coop.members.rules import (
    EXIT_STATUSES,
    VOTING_STATUSES,
    MemberStatus,
    Product,
    Sex,
    in_force,
    normalize_number,
)
from coop.members.standing_rules import StandingBasis

MEMBER_FIELDS = (
    "number",
    "given_names",
    "surnames",
    "national_id",
    "sex",
    "birth_date",
    "birth_year",
    "community",
    "group_name",
    "phone",
    "joined_on",
    "admission_decision",
)
UNIT_FIELDS = (
    "product",
    "total_area_ha",
    "product_area_ha",
    "hives",
    "organic",
    "spp",
    "fair_trade",
    "yearly_volume_kg",
)
TEXT_FIELDS = ("given_names", "surnames", "community", "group_name", "phone", "admission_decision")


def clean_member(data: dict[str, Any]) -> dict[str, Any]:
    """Member fields from form or import data, trimmed and typed."""
    clean = {key: data[key] for key in MEMBER_FIELDS if key in data}
    clean["number"] = normalize_number(clean["number"])
    clean["sex"] = Sex(clean.get("sex") or Sex.NOT_STATED)
    for key in TEXT_FIELDS:
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    if "national_id" in clean:
        clean["national_id"] = (clean["national_id"] or "").strip().upper() or None
    if clean.get("birth_date") is not None:
        clean["birth_year"] = clean["birth_date"].year
    return clean


def snapshot(member: Member) -> dict[str, str]:
    """The member's fields as text, for the audit trail."""
    return snapshot_of({key: getattr(member, key) for key in MEMBER_FIELDS})


def snapshot_of(values: dict[str, Any]) -> dict[str, str]:
    """Member field values as text, for the audit trail and import previews."""
    return {key: "" if values.get(key) is None else str(values[key]) for key in MEMBER_FIELDS}


def _ensure_unique(org: Organization, clean: dict[str, Any], member_id: int | None) -> None:
    others = scoped(Member, org).where(Member.id != (member_id or 0))
    if db.session.scalar(others.where(Member.number == clean["number"])) is not None:
        raise DomainError(_("Member number %(number)s is already taken.", number=clean["number"]))
    national_id = clean.get("national_id")
    if national_id and db.session.scalar(others.where(Member.national_id == national_id)):
        raise DomainError(_("Another member has the ID %(id)s.", id=national_id))


def _check_dates(clean: dict[str, Any], today: date) -> None:
    if clean["joined_on"] > today:
        raise DomainError(_("The join date cannot be in the future."))
    birth, year = clean.get("birth_date"), clean.get("birth_year")
    if (birth is not None and birth >= clean["joined_on"]) or (
        year is not None and year > clean["joined_on"].year
    ):
        raise DomainError(_("The date of birth must come before the join date."))


def build_member(
    org: Organization, clean: dict[str, Any], actor_id: int | None, reason: str = ""
) -> Member:
    """A new member whose history starts active on the join date (not yet added)."""
    member = Member(organization_id=org.id, status=MemberStatus.ACTIVE, **clean)
    member.refresh_search_text()
    member.history.append(MemberStatusChange(**admission_entry(org, clean, reason, actor_id)))
    return member


def create_member(org: Organization, data: dict[str, Any], actor_id: int | None) -> Member:
    """Add a member to the register, active from the join date and, unless `data` says
    otherwise, in good standing from then on."""
    clean = clean_member(data)
    _check_dates(clean, org.today())
    _ensure_unique(org, clean, None)
    member = build_member(org, clean, actor_id)
    good = data.get("in_good_standing", True) is not False
    member.standing.append(
        GoodStandingPeriod(
            organization_id=org.id,
            starts_on=clean["joined_on"],
            ends_on=None,
            in_good_standing=good,
            basis=StandingBasis.ADMISSION,
            recorded_by_id=actor_id,
        )
    )
    db.session.add(member)
    record(org, actor_id, "member.created", member, after=snapshot(member), in_good_standing=good)
    return member


def update_member(
    org: Organization, member: Member, data: dict[str, Any], actor_id: int | None
) -> dict[str, list[str]]:
    """Change a member's record; the changes, before and after, go to the audit trail."""
    clean = clean_member(data)
    _check_dates(clean, org.today())
    _ensure_unique(org, clean, member.id)
    if clean["joined_on"] != member.joined_on:
        correct_join_date(org, member, clean["joined_on"], actor_id)
    before = snapshot(member)
    for key, value in clean.items():
        setattr(member, key, value)
    member.refresh_search_text()
    after = snapshot(member)
    changes = {k: [before[k], after[k]] for k in MEMBER_FIELDS if before[k] != after[k]}
    if changes:
        record(org, actor_id, "member.updated", member, changes=changes)
    return changes


def change_status(
    org: Organization,
    member: Member,
    status: str,
    effective_on: date,
    reason: str,
    decision: str,
    actor_id: int | None,
) -> MemberStatusChange:
    """Add an entry to the member's status history; exits need a reason."""
    status = MemberStatus(status)
    reason, decision = reason.strip(), decision.strip()
    if effective_on > org.today():
        raise DomainError(_("The date is in the future: record a change once it has happened."))
    if effective_on < member.joined_on:
        raise DomainError(_("The date is before the member joined."))
    if status in EXIT_STATUSES | {MemberStatus.SUSPENDED} and not reason:
        raise DomainError(_("Record the reason for this change."))
    if status == member.status:
        raise DomainError(_("The member already has this status."))
    change = MemberStatusChange(
        organization_id=org.id,
        status=status,
        effective_on=effective_on,
        reason=reason,
        decision=decision,
        recorded_by_id=actor_id,
    )
    member.history.append(change)
    before = member.status
    member.status = latest_status(member)
    record(
        org,
        actor_id,
        "member.status_changed",
        member,
        before=before.value,
        after=status.value,
        effective_on=effective_on.isoformat(),
        reason=reason,
        decision=decision,
    )
    return change


def latest_status(member: Member) -> MemberStatus:
    """The status of the latest entry in force, by date then by order of recording."""
    db.session.flush()  # the new entry needs its id to take its place
    entries = in_force(member.entries)
    return entries[-1].status if entries else member.status


def set_units(
    org: Organization, member: Member, units: list[dict[str, Any]], actor_id: int | None
) -> bool:
    """Replace the member's production units; True when anything changed."""

    def describe(values: dict[str, Any]) -> dict[str, str]:
        return {k: "" if values.get(k) is None else str(values.get(k)) for k in UNIT_FIELDS}

    before = [describe({k: getattr(u, k) for k in UNIT_FIELDS}) for u in member.units]
    for values in units:
        check_unit(values)
    after = [describe(values) for values in units]
    if before == after:
        return False
    member.units.clear()
    for values in units:
        member.units.append(
            ProductionUnit(
                organization_id=org.id, **{k: values.get(k) for k in UNIT_FIELDS if k in values}
            )
        )
    record(org, actor_id, "member.units_changed", member, before=before, after=after)
    return True


def check_unit(values: dict[str, Any]) -> None:
    """Refuse a unit whose area under the product exceeds its total area."""
    values["product"] = Product(values["product"])
    total, product = values.get("total_area_ha"), values.get("product_area_ha")
    if total is not None and product is not None and product > total:
        raise DomainError(_("The area under the product cannot exceed the total area."))


def find_by_number(org: Organization, number: str) -> Member | None:
    """The member of `org` with this number."""
    return db.session.scalar(scoped(Member, org).where(Member.number == normalize_number(number)))


def member_by_number(org: Organization, number: str) -> Member:
    """The member of `org` with this number; refused with a message when there is none."""
    member = find_by_number(org, number)
    if member is None:
        raise DomainError(_("No member has number %(number)s.", number=number.strip()))
    return member


# Member numbers per IN (...) list.
NUMBERS_PER_QUERY = 1000


def listed_members(org: Organization, numbers: list[str]) -> list[Member]:
    """The members of `org` with these (normalized) numbers, in the list's order, a thousand
    per query whatever its length; refused naming the first number no member has."""
    found: dict[str, Member] = {}
    for start in range(0, len(numbers), NUMBERS_PER_QUERY):
        chunk = numbers[start : start + NUMBERS_PER_QUERY]
        stmt = scoped(Member, org).where(Member.number.in_(chunk))
        found.update((m.number, m) for m in db.session.scalars(stmt))
    missing = next((n for n in numbers if n not in found), None)
    if missing is not None:
        raise DomainError(_("No member has number %(number)s.", number=missing))
    return [found[n] for n in numbers]


def count_voting_members(org: Organization) -> int:
    """Members active today."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Member)
            .where(Member.organization_id == org.id, Member.status.in_(VOTING_STATUSES))
        )
        or 0
    )
