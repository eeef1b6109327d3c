"""The organization's settings for its evidence: when its financial year ends, the legal
window for the ordinary assembly, and the shares the checks hold it to."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coop.core.db import Base, reference, utcnow


class EvidenceSettings(Base):
    __tablename__ = "evidence_settings"
    __table_args__ = (
        sa.CheckConstraint(
            "year_end_month BETWEEN 1 AND 12 AND year_end_day BETWEEN 1 AND 31",
            name="year_end_valid",
        ),
        sa.CheckConstraint("ordinary_within_days BETWEEN 1 AND 730", name="window_valid"),
        sa.CheckConstraint(
            "small_producer_percent BETWEEN 0 AND 100 AND "
            "(board_renewal_percent IS NULL OR board_renewal_percent BETWEEN 0 AND 100)",
            name="percents_valid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = reference("organization.id", unique=True)
    year_end_month: Mapped[int] = mapped_column(default=12)
    year_end_day: Mapped[int] = mapped_column(default=31)
    # Days after the financial year closes within which the ordinary assembly must meet.
    ordinary_within_days: Mapped[int] = mapped_column(default=180)
    # The share of members (with production recorded) who must be small producers.
    small_producer_percent: Mapped[int] = mapped_column(default=50)
    # The least share of board seats an election must renew (None: no such rule).
    board_renewal_percent: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = reference("user_account.id")
