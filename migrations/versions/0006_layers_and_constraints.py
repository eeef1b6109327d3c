"""The database guards its own invariants: known enum values, counts that are never
negative, what a delete may do, an audit chain that cannot fork; a statute for every
organization; the free-text notice field named for what it holds; proxies used to vote.

Revision ID: 0006
Revises: 0005
"""

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Every foreign key, by table: (column, referred table). All RESTRICT (governance records
# are never deleted from under the rows that name them) except the parts listed in CASCADE.
FOREIGN_KEYS = {
    "access": [("organization_id", "organization"), ("user_id", "user_account"), ("member_id", "member")],
    "agenda_item": [("organization_id", "organization"), ("assembly_id", "assembly")],
    "assembly": [("organization_id", "organization"), ("statute_id", "statute")],
    "assembly_delegate": [("organization_id", "organization"), ("assembly_id", "assembly"), ("member_id", "member"), ("recorded_by_id", "user_account")],
    "assembly_voter": [("organization_id", "organization"), ("assembly_id", "assembly"), ("member_id", "member")],
    "attendance": [("organization_id", "organization"), ("assembly_id", "assembly"), ("member_id", "member"), ("recorded_by_id", "user_account")],
    "audit_event": [("organization_id", "organization"), ("actor_id", "user_account")],
    "ballot": [("organization_id", "organization"), ("vote_id", "vote"), ("member_id", "member"), ("proxy_holder_id", "member")],
    "import_batch": [("organization_id", "organization"), ("user_id", "user_account")],
    "member": [("organization_id", "organization")],
    "member_status_change": [("organization_id", "organization"), ("member_id", "member"), ("recorded_by_id", "user_account")],
    "minutes": [("organization_id", "organization"), ("assembly_id", "assembly"), ("approved_by_id", "user_account")],
    "production_unit": [("organization_id", "organization"), ("member_id", "member")],
    "proxy": [("organization_id", "organization"), ("assembly_id", "assembly"), ("holder_id", "member"), ("represented_id", "member"), ("recorded_by_id", "user_account")],
    "small_producer_threshold": [("organization_id", "organization")],
    "statute": [("organization_id", "organization"), ("created_by_id", "user_account")],
    "vote": [("organization_id", "organization"), ("agenda_item_id", "agenda_item")],
}
CASCADE = {("production_unit", "member_id"), ("import_batch", "organization_id"), ("import_batch", "user_id")}

# Indexes whose column already leads a unique constraint of the same table.
DUPLICATE_INDEXES = {
    "access": "ix_access_organization_id",
    "agenda_item": "ix_agenda_item_assembly_id",
    "assembly_delegate": "ix_assembly_delegate_assembly_id",
    "assembly_voter": "ix_assembly_voter_assembly_id",
    "attendance": "ix_attendance_assembly_id",
    "ballot": "ix_ballot_vote_id",
    "member": "ix_member_organization_id",
    "minutes": "ix_minutes_organization_id",
    "proxy": "ix_proxy_assembly_id",
    "small_producer_threshold": "ix_small_producer_threshold_organization_id",
    "statute": "ix_statute_organization_id",
}

# The values each enum column may hold, as they were when this revision was written.
ROLE = ["admin", "secretary", "member", "certifier"]
MEMBER_STATUS = ["active", "suspended", "withdrawn", "excluded", "deceased"]
PRODUCT = ["coffee", "cacao", "honey", "sugar_cane", "banana", "other"]
ENUMS = {
    "access": [("role", "role", ROLE)],
    "agenda_item": [
        ("kind", "itemkind", ["information", "decision", "election"]),
        ("decision_kind", "decisionkind", ["ordinary", "election", "statute_change", "merger", "dissolution"]),
    ],
    "assembly": [
        ("kind", "assemblykind", ["ordinary", "extraordinary", "delegate"]),
        ("status", "assemblystatus", ["draft", "convened", "in_session", "no_quorum", "closed", "cancelled"]),
    ],
    "ballot": [("choice", "choice", ["yes", "no", "abstain"])],
    "member": [("sex", "sex", ["female", "male", "other", "not_stated"]), ("status", "memberstatus", MEMBER_STATUS)],
    "member_status_change": [("status", "memberstatus", MEMBER_STATUS)],
    "minutes": [("status", "minutesstatus", ["draft", "approved"])],
    "production_unit": [("product", "product", PRODUCT)],
    "small_producer_threshold": [("product", "product", PRODUCT)],
    "vote": [
        ("method", "votemethod", ["show_of_hands", "electronic"]),
        ("status", "votestatus", ["open", "closed"]),
        ("outcome", "outcome", ["approved", "rejected", "tied", "no_votes"]),
    ],
}

NOT_NEGATIVE = {
    "assembly": ["current_call", "eligible_count", "present_count", "represented_count", "quorum_required"],
    "production_unit": ["total_area_ha", "product_area_ha", "hives", "yearly_volume_kg"],
    "small_producer_threshold": ["max_area_ha", "max_hives"],
    "vote": ["yes", "no", "abstain", "present_at_vote", "represented_at_vote", "eligible_at_vote", "quorum_required"],
}
OTHER_CHECKS = {
    "agenda_item": [("ck_agenda_item_position_positive", "position > 0")],
    "minutes": [("ck_minutes_number_positive", "number IS NULL OR number > 0")],
    "organization": [("ck_organization_youth_max_age_not_negative", "youth_max_age >= 0")],
    "user_account": [("ck_user_account_session_version_not_negative", "session_version >= 0")],
}


def _checks(table: str) -> list[tuple[str, str]]:
    checks = [
        (f"ck_{table}_{name}", f"{column} IN ({', '.join(repr(v) for v in values)})")
        for column, name, values in ENUMS.get(table, [])
    ]
    if table in NOT_NEGATIVE:
        condition = " AND ".join(f"({c} IS NULL OR {c} >= 0)" for c in NOT_NEGATIVE[table])
        checks.append((f"ck_{table}_not_negative", condition))
    return checks + OTHER_CHECKS.get(table, [])


def _backfill_statutes() -> None:
    """Organizations from before statutes get their country's preset, as new ones do."""
    from coop.statutes.codec import to_json
    from coop.statutes.presets import PRESETS, preset_for

    bind = op.get_bind()
    orphans = bind.execute(
        sa.text(
            "SELECT id, country FROM organization o "
            "WHERE NOT EXISTS (SELECT 1 FROM statute s WHERE s.organization_id = o.id)"
        )
    ).all()
    statute = sa.table(
        "statute",
        sa.column("organization_id", sa.Integer),
        sa.column("effective_from", sa.Date),
        sa.column("preset", sa.String),
        sa.column("source", sa.String),
        sa.column("rules_json", sa.JSON),
        sa.column("created_at", UTCDateTime()),
    )
    now = datetime.now(UTC)
    for org_id, country in orphans:
        preset = preset_for(country or "")
        rules = json.loads(json.dumps(to_json(PRESETS[preset])))
        op.execute(
            statute.insert().values(
                organization_id=org_id,
                effective_from=date(1900, 1, 1),
                preset=preset,
                source="",
                rules_json=rules,
                created_at=now,
            )
        )


def upgrade():
    _backfill_statutes()
    with op.batch_alter_table("assembly") as batch:
        batch.alter_column("notice_channel", new_column_name="notice_details")
    with op.batch_alter_table("proxy") as batch:
        batch.add_column(sa.Column("voted_at", UTCDateTime(), nullable=True))
    tables = sorted(set(FOREIGN_KEYS) | set(OTHER_CHECKS))
    for table in tables:
        with op.batch_alter_table(table) as batch:
            if table in DUPLICATE_INDEXES:
                batch.drop_index(DUPLICATE_INDEXES[table])
            for column, referred in FOREIGN_KEYS.get(table, []):
                name = f"fk_{table}_{column}_{referred}"
                ondelete = "CASCADE" if (table, column) in CASCADE else "RESTRICT"
                batch.drop_constraint(name, type_="foreignkey")
                batch.create_foreign_key(name, referred, [column], ["id"], ondelete=ondelete)
            for name, condition in _checks(table):
                batch.create_check_constraint(op.f(name), sa.text(condition))
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_index("ix_audit_event_organization_id")
        batch.create_index("ix_audit_event_chain", ["organization_id", "id"])
        batch.create_index("ix_audit_event_object", ["object_type", "object_id"])
        batch.create_unique_constraint(
            "uq_audit_event_organization_id_prev_hash", ["organization_id", "prev_hash"]
        )


def downgrade():
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_constraint("uq_audit_event_organization_id_prev_hash", type_="unique")
        batch.drop_index("ix_audit_event_object")
        batch.drop_index("ix_audit_event_chain")
        batch.create_index("ix_audit_event_organization_id", ["organization_id"])
    for table in sorted(set(FOREIGN_KEYS) | set(OTHER_CHECKS)):
        with op.batch_alter_table(table) as batch:
            for name, _condition in _checks(table):
                batch.drop_constraint(op.f(name), type_="check")
            for column, referred in FOREIGN_KEYS.get(table, []):
                name = f"fk_{table}_{column}_{referred}"
                batch.drop_constraint(name, type_="foreignkey")
                batch.create_foreign_key(name, referred, [column], ["id"])
            if table in DUPLICATE_INDEXES:
                column = DUPLICATE_INDEXES[table].removeprefix(f"ix_{table}_")
                batch.create_index(DUPLICATE_INDEXES[table], [column])
    with op.batch_alter_table("proxy") as batch:
        batch.drop_column("voted_at")
    with op.batch_alter_table("assembly") as batch:
        batch.alter_column("notice_details", new_column_name="notice_channel")
