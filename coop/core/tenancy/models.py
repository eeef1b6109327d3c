"""The organization: the tenant every governance record belongs to."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coop.core.db import Base, utcnow


class Organization(Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    country: Mapped[str] = mapped_column(sa.String(2))
    timezone: Mapped[str] = mapped_column(sa.String(60))
    default_locale: Mapped[str] = mapped_column(sa.String(10))
    # Members up to this age count as young people in the indicators.
    youth_max_age: Mapped[int] = mapped_column(
        sa.CheckConstraint("youth_max_age >= 0", name="youth_max_age_not_negative"), default=35
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def today(self) -> date:
        """Today's date where the organization is."""
        return datetime.now(ZoneInfo(self.timezone)).date()

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"
