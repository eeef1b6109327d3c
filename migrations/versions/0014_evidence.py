"""Evidence and the certifier's record: anchors of the audit chain's head, triggers that keep
the trail append-only whoever asks, certifiers' grants (periods, report language), the log of
what they open, their API tokens, and the organization's evidence settings.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The triggers as they stand at this revision (coop/audit/protection.py keeps the current
# ones; a change to them is a migration of its own).
POSTGRES = [
    "\nCREATE OR REPLACE FUNCTION coop_audit_event_guard() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL\n       AND NEW.id = OLD.id\n       AND NEW.organization_id = OLD.organization_id\n       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id\n       AND NEW.action = OLD.action\n       AND NEW.object_type = OLD.object_type\n       AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id\n       AND NEW.data::text = OLD.data::text\n       AND NEW.created_at = OLD.created_at THEN\n        RETURN NEW;\n    END IF;\n    RAISE EXCEPTION 'the audit trail is append-only: % of % refused', TG_OP, TG_TABLE_NAME\n        USING ERRCODE = 'insufficient_privilege';\nEND $$\n",
    "\nCREATE OR REPLACE FUNCTION coop_audit_refuse() RETURNS trigger\nLANGUAGE plpgsql AS $$\nBEGIN\n    RAISE EXCEPTION 'the audit trail is append-only: % of % refused', TG_OP, TG_TABLE_NAME\n        USING ERRCODE = 'insufficient_privilege';\nEND $$\n",
    'CREATE TRIGGER audit_event_guard BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION coop_audit_event_guard()',
    'CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION coop_audit_refuse()',
    'CREATE TRIGGER audit_anchor_guard BEFORE UPDATE OR DELETE ON audit_anchor FOR EACH ROW EXECUTE FUNCTION coop_audit_refuse()',
    'CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor FOR EACH STATEMENT EXECUTE FUNCTION coop_audit_refuse()',
]

SQLITE = [
    "\nCREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event\nBEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE of audit_event refused'); END\n",
    "\nCREATE TRIGGER audit_event_seal_only BEFORE UPDATE ON audit_event\nWHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL\n  OR NEW.id IS NOT OLD.id\n  OR NEW.organization_id IS NOT OLD.organization_id\n  OR NEW.actor_id IS NOT OLD.actor_id\n  OR NEW.action IS NOT OLD.action\n  OR NEW.object_type IS NOT OLD.object_type\n  OR NEW.object_id IS NOT OLD.object_id\n  OR NEW.data IS NOT OLD.data\n  OR NEW.created_at IS NOT OLD.created_at\nBEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE of audit_event refused'); END\n",
    "\nCREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor\nBEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE of audit_anchor refused'); END\n",
    "\nCREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor\nBEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE of audit_anchor refused'); END\n",
]

SQLITE_NAMES = ('audit_event_no_delete', 'audit_event_seal_only', 'audit_anchor_no_delete', 'audit_anchor_no_update')


def _install_triggers():
    bind = op.get_bind()
    for statement in POSTGRES if bind.dialect.name == "postgresql" else SQLITE:
        op.execute(sa.text(statement))


def _drop_triggers():
    if op.get_bind().dialect.name == "postgresql":
        for table in ("audit_event", "audit_anchor"):
            for trigger in ("guard", "no_truncate"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{trigger} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS coop_audit_event_guard()")
        op.execute("DROP FUNCTION IF EXISTS coop_audit_refuse()")
    else:
        for name in SQLITE_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade():
    op.create_table('audit_anchor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('seq >= 0', name=op.f('ck_audit_anchor_seq_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_audit_anchor_created_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_audit_anchor_organization_id_organization'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anchor'))
    )
    with op.batch_alter_table('audit_anchor', schema=None) as batch_op:
        batch_op.create_index('ix_audit_anchor_chain', ['organization_id', 'seq'], unique=False)

    op.create_table('certifier_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_certifier_visit_organization_id_organization'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_certifier_visit_user_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certifier_visit'))
    )
    with op.batch_alter_table('certifier_visit', schema=None) as batch_op:
        batch_op.create_index('ix_certifier_visit_log', ['organization_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certifier_visit_user_id'), ['user_id'], unique=False)

    op.create_table('evidence_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('year_end_month', sa.Integer(), nullable=False),
    sa.Column('year_end_day', sa.Integer(), nullable=False),
    sa.Column('ordinary_within_days', sa.Integer(), nullable=False),
    sa.Column('small_producer_percent', sa.Integer(), nullable=False),
    sa.Column('board_renewal_percent', sa.Integer(), nullable=True),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('ordinary_within_days BETWEEN 1 AND 730', name=op.f('ck_evidence_settings_window_valid')),
    sa.CheckConstraint('small_producer_percent BETWEEN 0 AND 100 AND (board_renewal_percent IS NULL OR board_renewal_percent BETWEEN 0 AND 100)', name=op.f('ck_evidence_settings_percents_valid')),
    sa.CheckConstraint('year_end_month BETWEEN 1 AND 12 AND year_end_day BETWEEN 1 AND 31', name=op.f('ck_evidence_settings_year_end_valid')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_evidence_settings_organization_id_organization'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_evidence_settings_updated_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_settings')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_evidence_settings_organization_id'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('access_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('hint', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['access_id'], ['access.id'], name=op.f('fk_api_token_access_id_access'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_api_token_created_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_api_token_organization_id_organization'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('digest', name=op.f('uq_api_token_digest'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_access_id'), ['access_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_token_organization_id'), ['organization_id'], unique=False)

    op.create_table('certifier_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('access_id', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_until', sa.Date(), nullable=True),
    sa.Column('report_locale', sa.String(length=10), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('period_from IS NULL OR period_until IS NULL OR period_until >= period_from', name=op.f('ck_certifier_grant_periods_in_order')),
    sa.ForeignKeyConstraint(['access_id'], ['access.id'], name=op.f('fk_certifier_grant_access_id_access'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_certifier_grant_organization_id_organization'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_certifier_grant_updated_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certifier_grant')),
    sa.UniqueConstraint('access_id', name=op.f('uq_certifier_grant_access_id'))
    )
    with op.batch_alter_table('certifier_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certifier_grant_organization_id'), ['organization_id'], unique=False)

    _install_triggers()


def downgrade():
    _drop_triggers()
    with op.batch_alter_table('certifier_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certifier_grant_organization_id'))

    op.drop_table('certifier_grant')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_organization_id'))
        batch_op.drop_index(batch_op.f('ix_api_token_access_id'))

    op.drop_table('api_token')
    op.drop_table('evidence_settings')
    with op.batch_alter_table('certifier_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certifier_visit_user_id'))
        batch_op.drop_index('ix_certifier_visit_log')

    op.drop_table('certifier_visit')
    with op.batch_alter_table('audit_anchor', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_anchor_chain')

    op.drop_table('audit_anchor')
