"""A version of an organization's statute rules, in force from a date."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from coop.core.db import Base, reference, tenant_key, utcnow
from coop.statutes.codec import from_json
from coop.statutes.rules import StatuteRules


class Statute(Base):
    __tablename__ = "statute"
    __table_args__ = (sa.UniqueConstraint("organization_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = tenant_key(index=False)
    effective_from: Mapped[date]
    preset: Mapped[str] = mapped_column(sa.String(20))
    # Where the rules come from: the statute's article, the assembly that approved it.
    source: Mapped[str] = mapped_column(sa.String(300), default="")
    rules_json: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = reference("user_account.id")

    @property
    def rules(self) -> StatuteRules:
        return from_json(self.rules_json)
