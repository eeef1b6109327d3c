"""Voting in depth: several votes per agenda item, options (yes/no/abstain, choices,
candidates), channels mixed in one result, the register of who voted shared by all of
them, ballots keyed by a random receipt (a secret one names nobody), counts entered for
paper and hands, officers seated by elections.

Existing votes become motions with their three options and totals; existing ballots get a
receipt and a line in the register of who voted.

Revision ID: 0010
Revises: 0009
"""

import secrets

import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

MOTION_LABELS = {
    "es": ("Sí", "No", "Abstención"),
    "pt_BR": ("Sim", "Não", "Abstenção"),
    "fr": ("Oui", "Non", "Abstention"),
    "en": ("Yes", "No", "Abstain"),
}
SIGNS = (("yes", "yes", "green"), ("no", "no", "red"), ("abstain", "abstain", "neutral"))
CHANNELS = ("electronic", "paper", "show_of_hands")
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _in(column: str, values: tuple[str, ...]) -> sa.TextClause:
    return sa.text(f"{column} IN ({', '.join(repr(v) for v in values)})")


def _not_negative(columns: list[str]) -> sa.TextClause:
    return sa.text(" AND ".join(f"({c} IS NULL OR {c} >= 0)" for c in columns))



def upgrade():
    op.create_table(
        "vote_option",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(10), nullable=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("pictogram", sa.String(8), nullable=False),
        sa.Column("colour", sa.String(20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("elected", sa.Boolean(), nullable=False),
        sa.CheckConstraint("(total IS NULL OR total >= 0)", name=op.f("ck_vote_option_not_negative")),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_vote_option_member_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name=op.f("fk_vote_option_organization_id_organization"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_vote_option_vote_id_vote"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_option")),
        sa.UniqueConstraint("vote_id", "position", name=op.f("uq_vote_option_vote_id_position")),
    )
    op.create_index(op.f("ix_vote_option_organization_id"), "vote_option", ["organization_id"])
    op.create_table(
        "vote_participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("cast_by_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(_in("channel", CHANNELS), name=op.f("ck_vote_participation_channel")),
        sa.ForeignKeyConstraint(["cast_by_id"], ["member.id"], name=op.f("fk_vote_participation_cast_by_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_vote_participation_member_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name=op.f("fk_vote_participation_organization_id_organization"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_vote_participation_vote_id_vote"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_participation")),
        sa.UniqueConstraint("vote_id", "member_id", name=op.f("uq_vote_participation_vote_id_member_id")),
    )
    op.create_index(op.f("ix_vote_participation_member_id"), "vote_participation", ["member_id"])
    op.create_index(op.f("ix_vote_participation_organization_id"), "vote_participation", ["organization_id"])
    op.create_table(
        "vote_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("key", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(_in("channel", CHANNELS), name=op.f("ck_vote_count_channel")),
        sa.CheckConstraint("(count IS NULL OR count >= 0)", name=op.f("ck_vote_count_not_negative")),
        sa.ForeignKeyConstraint(["entered_by_id"], ["user_account.id"], name=op.f("fk_vote_count_entered_by_id_user_account"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name=op.f("fk_vote_count_organization_id_organization"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_vote_count_vote_id_vote"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote_count")),
        sa.UniqueConstraint("vote_id", "channel", "key", name=op.f("uq_vote_count_vote_id_channel_key")),
    )
    op.create_index(op.f("ix_vote_count_organization_id"), "vote_count", ["organization_id"])
    op.create_table(
        "officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.String(20), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("elected_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(_in("position", ("board", "oversight", "delegate")), name=op.f("ck_officer_position")),
        sa.CheckConstraint("term_end >= term_start", name=op.f("ck_officer_term_in_order")),
        sa.ForeignKeyConstraint(["elected_by_id"], ["vote.id"], name=op.f("fk_officer_elected_by_id_vote"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_officer_member_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name=op.f("fk_officer_organization_id_organization"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer")),
    )
    op.create_index(op.f("ix_officer_member_id"), "officer", ["member_id"])
    op.create_index(op.f("ix_officer_organization_id"), "officer", ["organization_id"])

    with op.batch_alter_table("vote") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="motion"))
        batch.add_column(sa.Column("question", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("secret", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("channels", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("seats", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("max_choices", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("election_method", sa.String(20), nullable=True))
        batch.add_column(sa.Column("position", sa.String(20), nullable=True))
        batch.add_column(sa.Column("follows_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("blank", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("spoiled", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("tie_break", sa.String(20), nullable=True))
        batch.add_column(sa.Column("tie_note", sa.String(500), nullable=False, server_default=""))

    _convert_votes()
    _convert_ballots()

    with op.batch_alter_table("vote") as batch:
        batch.drop_constraint(op.f("uq_vote_agenda_item_id"), type_="unique")
        batch.drop_constraint(op.f("ck_vote_not_negative"), type_="check")
        batch.drop_constraint(op.f("ck_vote_votemethod"), type_="check")
        batch.drop_column("yes")
        batch.drop_column("no")
        batch.drop_column("abstain")
        batch.drop_column("method")
        batch.alter_column("channels", existing_type=sa.JSON(), nullable=False)
        batch.create_index(op.f("ix_vote_agenda_item_id"), ["agenda_item_id"])
        batch.create_foreign_key(op.f("fk_vote_follows_id_vote"), "vote", ["follows_id"], ["id"], ondelete="RESTRICT")
        batch.create_check_constraint(op.f("ck_vote_votekind"), _in("kind", ("motion", "choice", "election")))
        batch.create_check_constraint(op.f("ck_vote_electionmethod"), _in("election_method", ("plurality", "approval")))
        batch.create_check_constraint(op.f("ck_vote_position"), _in("position", ("board", "oversight", "delegate")))
        batch.create_check_constraint(op.f("ck_vote_tiebreak"), _in("tie_break", ("runoff", "lot")))
        batch.create_check_constraint(
            op.f("ck_vote_not_negative"),
            _not_negative(["present_at_vote", "represented_at_vote", "eligible_at_vote", "quorum_required", "abstained_by_law", "blank", "spoiled"]),
        )
        batch.create_check_constraint(op.f("ck_vote_seats_and_choices"), sa.text("seats >= 1 AND max_choices >= 1"))


def _convert_votes() -> None:
    """Each vote becomes a motion with yes/no/abstain options carrying its totals."""
    bind = op.get_bind()
    votes = bind.execute(
        sa.text(
            "SELECT v.id, v.organization_id, v.method, v.status, v.yes, v.no, v.abstain, "
            "i.title, o.default_locale FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id "
            "JOIN organization o ON o.id = v.organization_id"
        )
    ).all()
    option = sa.table(
        "vote_option",
        *(sa.column(c) for c in ("organization_id", "vote_id", "position", "key", "label", "pictogram", "colour", "total", "elected")),
    )
    vote = sa.table("vote", sa.column("id"), sa.column("channels", sa.JSON), sa.column("question"))
    for vote_id, org_id, method, status, yes, no, abstain, title, locale in votes:
        labels = MOTION_LABELS.get(locale, MOTION_LABELS["en"])
        totals = (yes, no, abstain) if status == "closed" else (None, None, None)
        for position, ((key, sign, colour), label, total) in enumerate(zip(SIGNS, labels, totals), start=1):
            op.execute(
                option.insert().values(
                    organization_id=org_id, vote_id=vote_id, position=position, key=key,
                    label=label, pictogram=sign, colour=colour, total=total, elected=False,
                )
            )
        op.execute(vote.update().where(vote.c.id == vote_id).values(channels=[method], question=title[:300]))


def _convert_ballots() -> None:
    """Ballots are keyed by a receipt; who voted goes to the register of who voted."""
    bind = op.get_bind()
    old = bind.execute(
        sa.text("SELECT organization_id, vote_id, member_id, proxy_holder_id, choice, cast_at FROM ballot")
    ).all()
    options = {
        (vote_id, key): option_id
        for option_id, vote_id, key in bind.execute(sa.text("SELECT id, vote_id, key FROM vote_option"))
    }
    op.drop_table("ballot")
    ballot = op.create_table(
        "ballot",
        sa.Column("receipt", sa.String(12), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("cast_by_id", sa.Integer(), nullable=True),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["cast_by_id"], ["member.id"], name=op.f("fk_ballot_cast_by_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_ballot_member_id_member"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], name=op.f("fk_ballot_organization_id_organization"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_ballot_vote_id_vote"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("receipt", name=op.f("pk_ballot")),
        sa.UniqueConstraint("vote_id", "member_id", name=op.f("uq_ballot_vote_id_member_id")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_ballot_vote_id", "ballot", ["vote_id"])
    participation = sa.table(
        "vote_participation",
        *(sa.column(c) for c in ("organization_id", "vote_id", "member_id", "cast_by_id", "channel")),
        sa.column("recorded_at", UTCDateTime()),
    )
    for org_id, vote_id, member_id, holder_id, choice, cast_at in old:
        receipt = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
        op.execute(
            ballot.insert().values(
                receipt=receipt, organization_id=org_id, vote_id=vote_id, member_id=member_id,
                cast_by_id=holder_id or member_id, marks=[options[(vote_id, choice)]],
            )
        )
        op.execute(
            participation.insert().values(
                organization_id=org_id, vote_id=vote_id, member_id=member_id,
                cast_by_id=holder_id or member_id, channel="electronic", recorded_at=cast_at,
            )
        )


def downgrade():
    raise NotImplementedError("Votes with options, channels and receipts cannot be folded back.")
