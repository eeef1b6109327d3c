"""The member register: members, their status history and their production units."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.core.db import Base, enum_type, not_negative, reference, tenant_key, utcnow
from coop.members.employment_rules import Employment
from coop.members.rules import (
    SEARCHED_FIELDS,
    HistoryEntry,
    MemberStatus,
    Product,
    Sex,
    UnitFacts,
    member_search_text,
    number_sort_key,
)
from coop.members.standing_rules import StandingBasis, StandingPeriod, standing_on


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        sa.UniqueConstraint("organization_id", "number"),
        sa.UniqueConstraint("organization_id", "national_id"),
        sa.Index("ix_member_organization_id_number_key", "organization_id", "number_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    number: Mapped[str] = mapped_column(sa.String(20))
    # The number as the list sorts it: "00009" before "0010" (rules.number_sort_key).
    number_key: Mapped[str] = mapped_column(sa.String(60), default="")
    given_names: Mapped[str] = mapped_column(sa.String(120))
    surnames: Mapped[str] = mapped_column(sa.String(120))
    # Shown only to the board, the certifier and the member; NULL when not given.
    national_id: Mapped[str | None] = mapped_column(sa.String(40))
    sex: Mapped[Sex] = mapped_column(enum_type(Sex))
    birth_date: Mapped[date | None]
    birth_year: Mapped[int | None]
    community: Mapped[str] = mapped_column(sa.String(120), default="")
    group_name: Mapped[str] = mapped_column(sa.String(120), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    joined_on: Mapped[date]
    admission_decision: Mapped[str] = mapped_column(sa.String(200), default="")
    # The status in force today; the history below is the record.
    status: Mapped[MemberStatus] = mapped_column(
        enum_type(MemberStatus), default=MemberStatus.ACTIVE
    )
    search_text: Mapped[str] = mapped_column(sa.String(600), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    units: Mapped[list["ProductionUnit"]] = relationship(
        back_populates="member", order_by="ProductionUnit.id", cascade="all, delete-orphan"
    )
    history: Mapped[list["MemberStatusChange"]] = relationship(
        order_by=lambda: (MemberStatusChange.effective_on, MemberStatusChange.id),
        cascade="all, delete-orphan",
    )
    # Up to date with dues and obligations, for statutes that let only those vote.
    standing: Mapped[list["GoodStandingPeriod"]] = relationship(
        order_by=lambda: GoodStandingPeriod.id, cascade="all, delete-orphan"
    )
    # Periods of employment with the cooperative, which cost the vote where the statute says.
    employment: Mapped[list["EmploymentPeriod"]] = relationship(
        order_by=lambda: (EmploymentPeriod.starts_on, EmploymentPeriod.id),
        cascade="all, delete-orphan",
    )

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surnames}"

    def refresh_search_text(self) -> None:
        """Keep the folded text that accent-blind search looks in, and the number's sort key."""
        self.search_text = member_search_text({k: getattr(self, k) for k in SEARCHED_FIELDS})
        self.number_key = number_sort_key(self.number)

    @property
    def entries(self) -> list[HistoryEntry]:
        """The status history as plain values, for the rules."""
        return [
            HistoryEntry(c.id, c.status, c.effective_on, c.corrects_id, c.date_unknown)
            for c in self.history
            if c.id is not None
        ]

    @property
    def entry_dates(self) -> dict[int, date]:
        """Each history entry's date, to name the entry a correction corrects."""
        return {c.id: c.effective_on for c in self.history}

    @property
    def corrected_ids(self) -> set[int]:
        """History entries that a later entry corrects."""
        return {c.corrects_id for c in self.history if c.corrects_id is not None}

    def in_good_standing_on(self, day: date) -> bool:
        """Whether the member was in good standing on `day`, from the recorded periods."""
        return standing_on([p.period for p in self.standing], day)


class MemberStatusChange(Base):
    """One entry of a member's status history; entries are added, never rewritten."""

    __tablename__ = "member_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    member_id: Mapped[int] = reference("member.id", index=True)
    status: Mapped[MemberStatus] = mapped_column(enum_type(MemberStatus))
    effective_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    decision: Mapped[str] = mapped_column(sa.String(200), default="")
    # A board's file often lacks the date: then `effective_on` is the day it was recorded
    # (the status held by then at the latest) until an entry correcting it gives the date.
    date_unknown: Mapped[bool] = mapped_column(default=False)
    # The earlier entry whose date this one corrects; that entry stays, no longer in force.
    corrects_id: Mapped[int | None] = reference("member_status_change.id", index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = reference("user_account.id")


class GoodStandingPeriod(Base):
    """A dated statement of a member's good standing (see standing_rules); added, never
    rewritten."""

    __tablename__ = "good_standing_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    member_id: Mapped[int] = reference("member.id", index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    in_good_standing: Mapped[bool]
    basis: Mapped[StandingBasis] = mapped_column(enum_type(StandingBasis))
    # The receipt, minutes or file behind it.
    reference: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Spelled out: the `reference` column above hides the helper of that name here.
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )

    @property
    def period(self) -> StandingPeriod:
        return StandingPeriod(self.starts_on, self.ends_on, self.in_good_standing, self.basis)


class EmploymentPeriod(Base):
    """A period during which the member was employed by the cooperative (see
    employment_rules). Added; afterwards only its end and the approval of that year's
    accounts are recorded, once each."""

    __tablename__ = "employment_period"
    __table_args__ = (
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        sa.CheckConstraint(
            "accounts_approved_on IS NULL "
            "OR (ends_on IS NOT NULL AND accounts_approved_on > ends_on)",
            name="approval_after_end",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    member_id: Mapped[int] = reference("member.id", index=True)
    starts_on: Mapped[date]
    # The job's last day; NULL while the member is still employed.
    ends_on: Mapped[date | None]
    position: Mapped[str] = mapped_column(sa.String(120), default="")
    # The board's record that the accounts of the year the job ended were approved without
    # coop (before it was used); an accounts vote adopted in coop counts as well.
    accounts_approved_on: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = reference("user_account.id")

    @property
    def period(self) -> Employment:
        return Employment(self.starts_on, self.ends_on, self.accounts_approved_on)


class ProductionUnit(Base):
    """A plot, farm or apiary of a member, for one product."""

    __tablename__ = "production_unit"
    __table_args__ = (
        not_negative("total_area_ha", "product_area_ha", "hives", "yearly_volume_kg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    # A unit is a part of its member's record: replaced with it, never referred to alone.
    member_id: Mapped[int] = reference("member.id", ondelete="CASCADE", index=True)
    product: Mapped[Product] = mapped_column(enum_type(Product))
    total_area_ha: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    product_area_ha: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    hives: Mapped[int | None]
    organic: Mapped[bool] = mapped_column(default=False)
    spp: Mapped[bool] = mapped_column(default=False)
    fair_trade: Mapped[bool] = mapped_column(default=False)
    yearly_volume_kg: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))

    member: Mapped[Member] = relationship(back_populates="units")

    @property
    def facts(self) -> UnitFacts:
        return UnitFacts(self.product, self.product_area_ha, self.hives)

    @property
    def certifications(self) -> list[str]:
        return [name for name in ("organic", "spp", "fair_trade") if getattr(self, name)]


class SmallProducerThreshold(Base):
    """The organization's limit for a small producer of one product."""

    __tablename__ = "small_producer_threshold"
    __table_args__ = (
        sa.UniqueConstraint("organization_id", "product"),
        not_negative("max_area_ha", "max_hives"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    product: Mapped[Product] = mapped_column(enum_type(Product))
    max_area_ha: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    max_hives: Mapped[int | None]


class ImportBatch(Base):
    """An uploaded register file waiting for its preview to be confirmed."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    # An upload waiting for its preview is scratch: it goes with its organization or user.
    organization_id: Mapped[int] = reference("organization.id", ondelete="CASCADE", index=True)
    user_id: Mapped[int] = reference("user_account.id", ondelete="CASCADE")
    filename: Mapped[str] = mapped_column(sa.String(200))
    source: Mapped[str] = mapped_column(sa.String(10))  # csv or xlsx
    sha256: Mapped[str] = mapped_column(sa.String(64))
    headers: Mapped[list[str]] = mapped_column(sa.JSON)
    # The large columns load only when asked for: the apply reads the kept plan alone.
    rows: Mapped[list[list[str]]] = mapped_column(sa.JSON, deferred=True)
    # How many cells each row really had, to report rows of the wrong width.
    widths: Mapped[list[int]] = mapped_column(sa.JSON, deferred=True)
    # Each row's number in the file, so that problems point at the right line.
    lines: Mapped[list[int]] = mapped_column(sa.JSON, deferred=True)
    # The column key chosen for each header, None to ignore it.
    mapping: Mapped[list[str | None]] = mapped_column(sa.JSON)
    # The checked plan (imports.py, import_codec.py): what the apply writes, and what the
    # preview shows; kept while `plan_version` still names the register's state.
    plan: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    summary: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    plan_version: Mapped[str | None] = mapped_column(sa.String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
