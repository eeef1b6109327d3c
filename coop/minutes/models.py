"""The minutes of one assembly, who signs them, their signatures and their addenda."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.assemblies.models import Assembly
from coop.core.db import Base, enum_type, reference, tenant_key, utcnow
from coop.core.errors import DomainError
from coop.core.i18n import _l
from coop.members.models import Member
from coop.minutes.rules import MAX_MEMBER_SIGNERS

# A slot is "president", "secretary" or "member-<n>".
SLOT_CHECK = "slot IN ('president', 'secretary') OR slot LIKE 'member-%'"


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    # Numbered, the text frozen with its hash; the signatures are being gathered.
    APPROVED = "approved"
    # Every required signature is in: from now on only dated addenda.
    LOCKED = "locked"


class Minutes(Base):
    __tablename__ = "minutes"
    __table_args__ = (
        sa.UniqueConstraint("organization_id", "number"),
        sa.CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    assembly_id: Mapped[int] = reference("assembly.id", unique=True)
    status: Mapped[MinutesStatus] = mapped_column(
        enum_type(MinutesStatus), default=MinutesStatus.DRAFT
    )
    # Numbered in the book of minutes when approved.
    number: Mapped[int | None]
    opening: Mapped[str] = mapped_column(sa.Text, default="")
    # Free text per agenda item, keyed by the item's id as a string.
    notes: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    closing: Mapped[str] = mapped_column(sa.Text, default="")
    # The approved text, frozen, and the SHA-256 of it that the signatures bind to.
    locked_html: Mapped[str | None] = mapped_column(sa.Text)
    locked_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    locked_locale: Mapped[str | None] = mapped_column(sa.String(10))
    # The PDF of the text (with its signatures once locked), stored when it last changed.
    locked_pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    locked_pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = reference("user_account.id")
    # The assembly that approved them: their own at its close, or a later one in session.
    approved_in_id: Mapped[int | None] = reference("assembly.id")
    # The signatures they need, fixed at approval ("president", "secretary", "member-1"...).
    required_slots: Mapped[list[str]] = mapped_column(
        sa.JSON, default=list, server_default=sa.text("'[]'")
    )
    locked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assembly: Mapped[Assembly] = relationship(foreign_keys=[assembly_id])
    approved_in: Mapped[Assembly | None] = relationship(foreign_keys=[approved_in_id])
    signers: Mapped[list["MinutesSigner"]] = relationship(order_by="MinutesSigner.id")
    signatures: Mapped[list["MinutesSignature"]] = relationship(order_by="MinutesSignature.id")
    addenda: Mapped[list["MinutesAddendum"]] = relationship(order_by="MinutesAddendum.number")

    @property
    def is_frozen(self) -> bool:
        """Approved: the text no longer changes, and members may read it."""
        return self.status != MinutesStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        """Signed by everyone required: only addenda from now on."""
        return self.status == MinutesStatus.LOCKED

    def ensure_editable(self) -> None:
        """Refuse any change to approved minutes."""
        if self.is_frozen:
            raise DomainError(_l("Approved minutes are frozen and cannot be changed."))

    def approve(
        self,
        number: int,
        html: str,
        sha256: str,
        locale: str,
        user_id: int,
        approved_in_id: int,
        required_slots: list[str],
    ) -> None:
        """Freeze the minutes with their number, text and its hash, and the signatures due."""
        self.ensure_editable()
        self.number, self.locked_html, self.locked_sha256 = number, html, sha256
        self.locked_locale, self.approved_by_id = locale, user_id
        self.approved_in_id, self.required_slots = approved_in_id, required_slots
        self.approved_at = utcnow()
        self.status = MinutesStatus.APPROVED

    def lock(self) -> None:
        """Every signature is in: nothing but addenda from now on."""
        if self.status != MinutesStatus.APPROVED:
            raise DomainError(_l("Only approved minutes are locked by their signatures."))
        self.status, self.locked_at = MinutesStatus.LOCKED, utcnow()

    def signer(self, slot: str) -> "MinutesSigner | None":
        """The member named to sign in `slot`."""
        return next((s for s in self.signers if s.slot == slot), None)

    def signatures_of(self, addendum_number: int = 0) -> list["MinutesSignature"]:
        """The signatures given to the minutes (0) or to one of their addenda."""
        return [s for s in self.signatures if s.addendum_number == addendum_number]


class MinutesSigner(Base):
    """A member named to sign the minutes in one slot: the president who chaired, the
    secretary who took them, a member the statute names."""

    __tablename__ = "minutes_signer"
    __table_args__ = (
        sa.UniqueConstraint("minutes_id", "slot"),
        sa.UniqueConstraint("minutes_id", "member_id"),
        sa.CheckConstraint(SLOT_CHECK, name="slot_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    minutes_id: Mapped[int] = reference("minutes.id")
    slot: Mapped[str] = mapped_column(sa.String(20))
    member_id: Mapped[int] = reference("member.id", index=True)

    member: Mapped[Member] = relationship()


class MinutesSignature(Base):
    """A signature given by a logged-in person, in a slot, to the exact text of the minutes
    (addendum 0) or of one addendum: the SHA-256 of that text when it was signed."""

    __tablename__ = "minutes_signature"
    __table_args__ = (
        sa.UniqueConstraint("minutes_id", "addendum_number", "slot"),
        sa.UniqueConstraint("minutes_id", "addendum_number", "member_id"),
        sa.CheckConstraint(SLOT_CHECK, name="slot_known"),
        sa.CheckConstraint("addendum_number >= 0", name="addendum_number_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    minutes_id: Mapped[int] = reference("minutes.id")
    addendum_number: Mapped[int] = mapped_column(default=0)
    slot: Mapped[str] = mapped_column(sa.String(20))
    member_id: Mapped[int] = reference("member.id", index=True)
    user_id: Mapped[int] = reference("user_account.id")
    # The name as it was when signing: a later change of the register does not rewrite it.
    signer_name: Mapped[str] = mapped_column(sa.String(250))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    sha256: Mapped[str] = mapped_column(sa.String(64))


class MinutesAddendum(Base):
    """A dated correction to locked minutes: its own frozen text, hash and signatures."""

    __tablename__ = "minutes_addendum"
    __table_args__ = (
        sa.UniqueConstraint("minutes_id", "number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key()
    minutes_id: Mapped[int] = reference("minutes.id")
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    # The addendum as it is signed (number, date and text, in the minutes' language).
    html: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    written_by_id: Mapped[int | None] = reference("user_account.id")
    locked_at: Mapped[datetime | None]


class MinutesSettings(Base):
    """How many members the statute names to sign the minutes beside the president and the
    secretary, and where it says so."""

    __tablename__ = "minutes_settings"
    __table_args__ = (
        sa.UniqueConstraint("organization_id"),
        sa.CheckConstraint(
            f"member_signers >= 0 AND member_signers <= {MAX_MEMBER_SIGNERS}",
            name="member_signers_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    member_signers: Mapped[int] = mapped_column(default=0)
    basis: Mapped[str] = mapped_column(sa.String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
