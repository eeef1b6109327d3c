"""The law as written: the means a notice lacked, members abstaining by law on an item and
how many of them a vote counted out, and the decisions a statute can name (a substantial
change of object, a change of the members' liability).

Statute versions keep their JSON: keys they lack read back with the defaults coop applied
when they were recorded.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_DECISION_KINDS = ["ordinary", "election", "statute_change", "merger", "dissolution"]
NEW_DECISION_KINDS = [*OLD_DECISION_KINDS, "change_of_object", "change_of_liability"]
VOTE_COUNTS = ["yes", "no", "abstain", "present_at_vote", "represented_at_vote"]
VOTE_COUNTS += ["eligible_at_vote", "quorum_required"]


def _in(column: str, values: list[str]) -> sa.TextClause:
    return sa.text(f"{column} IN ({', '.join(repr(v) for v in values)})")


def _not_negative(columns: list[str]) -> sa.TextClause:
    return sa.text(" AND ".join(f"({c} IS NULL OR {c} >= 0)" for c in columns))


def upgrade():
    with op.batch_alter_table("assembly") as batch:
        batch.add_column(
            sa.Column(
                "notice_means_missing", sa.JSON(), nullable=False, server_default=sa.text("'[]'")
            )
        )
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint(op.f("ck_agenda_item_decisionkind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_agenda_item_decisionkind"), _in("decision_kind", NEW_DECISION_KINDS)
        )
    with op.batch_alter_table("vote") as batch:
        batch.add_column(
            sa.Column("abstained_by_law", sa.Integer(), nullable=False, server_default="0")
        )
        batch.drop_constraint(op.f("ck_vote_not_negative"), type_="check")
        batch.create_check_constraint(
            op.f("ck_vote_not_negative"), _not_negative([*VOTE_COUNTS, "abstained_by_law"])
        )
    op.create_table(
        "by_law_abstention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("marked_at", UTCDateTime(), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name="fk_by_law_abstention_agenda_item_id_agenda_item",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["user_account.id"],
            name="fk_by_law_abstention_marked_by_id_user_account",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name="fk_by_law_abstention_member_id_member",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name="fk_by_law_abstention_organization_id_organization",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_by_law_abstention"),
        sa.UniqueConstraint(
            "agenda_item_id", "member_id", name="uq_by_law_abstention_agenda_item_id_member_id"
        ),
    )
    with op.batch_alter_table("by_law_abstention") as batch:
        batch.create_index("ix_by_law_abstention_member_id", ["member_id"])
        batch.create_index("ix_by_law_abstention_organization_id", ["organization_id"])


def downgrade():
    op.drop_table("by_law_abstention")
    with op.batch_alter_table("vote") as batch:
        batch.drop_constraint(op.f("ck_vote_not_negative"), type_="check")
        batch.create_check_constraint(op.f("ck_vote_not_negative"), _not_negative(VOTE_COUNTS))
        batch.drop_column("abstained_by_law")
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint(op.f("ck_agenda_item_decisionkind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_agenda_item_decisionkind"), _in("decision_kind", OLD_DECISION_KINDS)
        )
    with op.batch_alter_table("assembly") as batch:
        batch.drop_column("notice_means_missing")
