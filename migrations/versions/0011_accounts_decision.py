"""Accounts and the board's management become a kind of decision of their own, on which,
where the statute says so, board and oversight members do not vote.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

KINDS = (
    "ordinary",
    "election",
    "statute_change",
    "merger",
    "dissolution",
    "change_of_object",
    "change_of_liability",
)


def _check(kinds: tuple[str, ...]) -> sa.TextClause:
    return sa.text(f"decision_kind IN ({', '.join(repr(k) for k in kinds)})")


def upgrade():
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint(op.f("ck_agenda_item_decisionkind"), type_="check")
        batch.create_check_constraint(op.f("ck_agenda_item_decisionkind"), _check((*KINDS, "accounts")))


def downgrade():
    op.execute("UPDATE agenda_item SET decision_kind = 'ordinary' WHERE decision_kind = 'accounts'")
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint(op.f("ck_agenda_item_decisionkind"), type_="check")
        batch.create_check_constraint(op.f("ck_agenda_item_decisionkind"), _check(KINDS))
