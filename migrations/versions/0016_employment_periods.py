"""employment periods: a member employed by the cooperative, for the vote withheld until that year's accounts are approved

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "employment_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("position", sa.String(120), nullable=False),
        sa.Column("accounts_approved_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_employment_period_ends_after_start"),
        ),
        sa.CheckConstraint(
            "accounts_approved_on IS NULL OR (ends_on IS NOT NULL AND accounts_approved_on > ends_on)",
            name=op.f("ck_employment_period_approval_after_end"),
        ),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_employment_period_member_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name=op.f("fk_employment_period_organization_id_organization"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"], name=op.f("fk_employment_period_recorded_by_id_user_account"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employment_period")),
    )
    op.create_index(op.f("ix_employment_period_member_id"), "employment_period", ["member_id"])
    op.create_index(op.f("ix_employment_period_organization_id"), "employment_period", ["organization_id"])


def downgrade():
    op.drop_index(op.f("ix_employment_period_organization_id"), table_name="employment_period")
    op.drop_index(op.f("ix_employment_period_member_id"), table_name="employment_period")
    op.drop_table("employment_period")
