"""The member register: members, their status history and their production units."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.core.db import Base, enum_type, not_negative, reference, tenant_key, utcnow
from coop.members.rules import (
    SEARCHED_FIELDS,
    MemberStatus,
    Product,
    Sex,
    UnitFacts,
    member_search_text,
)


class Member(Base):
    __tablename__ = "member"
    __table_args__ = (
        sa.UniqueConstraint("organization_id", "number"),
        sa.UniqueConstraint("organization_id", "national_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    number: Mapped[str] = mapped_column(sa.String(20))
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
    # Up to date with dues and obligations, for statutes that let only those vote.
    in_good_standing: Mapped[bool] = mapped_column(default=True)
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

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surnames}"

    def refresh_search_text(self) -> None:
        """Keep the folded text that accent-blind search looks in."""
        self.search_text = member_search_text({k: getattr(self, k) for k in SEARCHED_FIELDS})


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
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = reference("user_account.id")


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
    rows: Mapped[list[list[str]]] = mapped_column(sa.JSON)
    # How many cells each row really had, to report rows of the wrong width.
    widths: Mapped[list[int]] = mapped_column(sa.JSON)
    # Each row's number in the file, so that problems point at the right line.
    lines: Mapped[list[int]] = mapped_column(sa.JSON)
    # The column key chosen for each header, None to ignore it.
    mapping: Mapped[list[str | None]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
