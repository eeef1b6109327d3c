"""The audit chain gets places: events written by the hundred (ballots) are appended
unsealed and sealed into the chain by its next write.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
    # Every existing event is sealed: its place is its order of writing in its organization.
    op.execute(
        "UPDATE audit_event SET seq = (SELECT COUNT(*) FROM audit_event AS earlier "
        "WHERE earlier.organization_id = audit_event.organization_id "
        "AND earlier.id <= audit_event.id)"
    )
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=True)
        batch.alter_column("hash", existing_type=sa.String(64), nullable=True)
        batch.create_unique_constraint("uq_audit_event_organization_id_seq", ["organization_id", "seq"])
        batch.create_check_constraint(
            op.f("ck_audit_event_sealed_whole"),
            sa.text(
                "(seq IS NULL AND prev_hash IS NULL AND hash IS NULL) OR "
                "(seq > 0 AND prev_hash IS NOT NULL AND hash IS NOT NULL)"
            ),
        )


def downgrade():
    op.execute("DELETE FROM audit_event WHERE seq IS NULL")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_constraint(op.f("ck_audit_event_sealed_whole"), type_="check")
        batch.drop_constraint("uq_audit_event_organization_id_seq", type_="unique")
        batch.alter_column("hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.drop_column("seq")
