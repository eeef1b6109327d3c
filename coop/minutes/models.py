"""The minutes of one assembly."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coop.assemblies.models import Assembly
from coop.core.db import Base, enum_type, reference, tenant_key, utcnow
from coop.core.errors import DomainError
from coop.core.i18n import _l


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


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
    # The approved text, frozen, and the SHA-256 of it that later signatures bind to.
    locked_html: Mapped[str | None] = mapped_column(sa.Text)
    locked_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    locked_locale: Mapped[str | None] = mapped_column(sa.String(10))
    # The PDF of the approved text, rendered once at approval, and its SHA-256.
    locked_pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    locked_pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = reference("user_account.id")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assembly: Mapped[Assembly] = relationship()

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    def ensure_editable(self) -> None:
        """Refuse any change to approved minutes."""
        if self.is_locked:
            raise DomainError(_l("Approved minutes are locked and cannot be changed."))

    def approve(self, number: int, html: str, sha256: str, locale: str, user_id: int) -> None:
        """Lock the minutes with their number, frozen text and its hash."""
        self.ensure_editable()
        self.number, self.locked_html, self.locked_sha256 = number, html, sha256
        self.locked_locale, self.approved_by_id = locale, user_id
        self.approved_at = utcnow()
        self.status = MinutesStatus.APPROVED
