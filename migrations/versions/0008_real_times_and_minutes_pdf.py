"""The record's real times: when the session closed; the approved minutes' PDF, rendered
once at approval, with its SHA-256.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assembly") as batch:
        batch.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("minutes") as batch:
        batch.add_column(sa.Column("locked_pdf", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("locked_pdf_sha256", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("minutes") as batch:
        batch.drop_column("locked_pdf_sha256")
        batch.drop_column("locked_pdf")
    with op.batch_alter_table("assembly") as batch:
        batch.drop_column("closed_at")
