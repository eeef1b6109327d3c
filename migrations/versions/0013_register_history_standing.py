"""register: good standing as dated periods, history corrections and unknown dates, number order, kept import plans

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27 16:06:06.495621

Data: each member's yes/no good-standing flag becomes a period from their join date, on the
basis "flag" (recorded before dates were kept); every member's number gets its sort key.
"""
import re
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def _number_key(number):
    """rules.number_sort_key as of this migration: digit runs by value, "00009" < "0010"."""
    folded = unicodedata.normalize("NFKD", number.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    parts = []
    for run in re.findall(r"\d+|\D+", folded):
        if run.isdigit():
            digits = run.lstrip("0") or "0"
            parts.append(f"{len(digits):02d}{digits}")
        else:
            parts.append(run)
    return "".join(parts)


def upgrade():
    op.create_table(
        "good_standing_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("in_good_standing", sa.Boolean(), nullable=False),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "basis IN ('admission', 'dues', 'decision', 'imported', 'flag')",
            name=op.f("ck_good_standing_period_standingbasis"),
        ),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_good_standing_period_member_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name=op.f("fk_good_standing_period_organization_id_organization"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"], name=op.f("fk_good_standing_period_recorded_by_id_user_account"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_good_standing_period")),
    )
    op.create_index(op.f("ix_good_standing_period_member_id"), "good_standing_period", ["member_id"])
    op.create_index(op.f("ix_good_standing_period_organization_id"), "good_standing_period", ["organization_id"])

    # Today's flag becomes a period from the join date: the answer for every past day stays
    # what the flag said, and later periods take over from the day they start.
    now = datetime.now(UTC).replace(tzinfo=None)
    op.execute(
        sa.text(
            "INSERT INTO good_standing_period (organization_id, member_id, starts_on, ends_on, "
            "in_good_standing, basis, reference, recorded_at, recorded_by_id) "
            "SELECT organization_id, id, joined_on, NULL, in_good_standing, 'flag', '', :now, NULL "
            "FROM member ORDER BY id"
        ).bindparams(now=now)
    )

    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('summary', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('plan_version', sa.String(length=60), nullable=True))

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number_key', sa.String(length=60), nullable=False, server_default=''))
    # Not through a batch: rebuilding the table that every other one refers to fails on an
    # SQLite register with data; SQLite drops a column in place since 3.35.
    op.drop_column('member', 'in_good_standing')
    conn = op.get_bind()
    member = sa.table('member', sa.column('id', sa.Integer), sa.column('number', sa.String), sa.column('number_key', sa.String))
    keys = [{"key_id": id_, "key": _number_key(number)} for id_, number in conn.execute(sa.select(member.c.id, member.c.number))]
    if keys:
        conn.execute(
            member.update().where(member.c.id == sa.bindparam("key_id")).values(number_key=sa.bindparam("key")),
            keys,
        )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index('ix_member_organization_id_number_key', ['organization_id', 'number_key'], unique=False)

    with op.batch_alter_table('member_status_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_unknown', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('corrects_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_member_status_change_corrects_id'), ['corrects_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_member_status_change_corrects_id_member_status_change'), 'member_status_change', ['corrects_id'], ['id'], ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('member_status_change', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_member_status_change_corrects_id_member_status_change'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_member_status_change_corrects_id'))
        batch_op.drop_column('corrects_id')
        batch_op.drop_column('date_unknown')

    # In place, without rebuilding the table every other one refers to (see upgrade).
    op.add_column('member', sa.Column('in_good_standing', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.drop_index('ix_member_organization_id_number_key', table_name='member')
    op.drop_column('member', 'number_key')
    # The flag takes the standing of each member's latest period (without its dates).
    op.execute(
        "UPDATE member SET in_good_standing = (SELECT p.in_good_standing FROM good_standing_period p "
        "WHERE p.member_id = member.id ORDER BY p.id DESC LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM good_standing_period p WHERE p.member_id = member.id)"
    )

    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('plan_version')
        batch_op.drop_column('summary')
        batch_op.drop_column('plan')

    op.drop_table('good_standing_period')
