"""Minutes signed and locked: which assembly approved them, the members named to sign, each
signature bound to the SHA-256 of the text signed, dated addenda, and how many members the
statute names to sign. The status gains "locked".

Minutes approved before this revision keep their text and hash; they name no signers, so
they stay approved.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from coop.core.db import UTCDateTime


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

OLD_STATUSES = ["draft", "approved"]
NEW_STATUSES = [*OLD_STATUSES, "locked"]


def _status_in(values):
    return sa.text(f"status IN ({', '.join(repr(v) for v in values)})")


def upgrade():
    op.create_table('minutes_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('member_signers', sa.Integer(), nullable=False),
    sa.Column('basis', sa.String(length=200), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint('member_signers >= 0 AND member_signers <= 5', name=op.f('ck_minutes_settings_member_signers_range')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_minutes_settings_organization_id_organization'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_settings')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_minutes_settings_organization_id'))
    )
    op.create_table('minutes_addendum',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('written_at', UTCDateTime(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('locked_at', UTCDateTime(), nullable=True),
    sa.CheckConstraint('number > 0', name=op.f('ck_minutes_addendum_number_positive')),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_addendum_minutes_id_minutes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_minutes_addendum_organization_id_organization'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['written_by_id'], ['user_account.id'], name=op.f('fk_minutes_addendum_written_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_addendum')),
    sa.UniqueConstraint('minutes_id', 'number', name=op.f('uq_minutes_addendum_minutes_id_number'))
    )
    with op.batch_alter_table('minutes_addendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_addendum_organization_id'), ['organization_id'], unique=False)

    op.create_table('minutes_signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('addendum_number', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('signer_name', sa.String(length=250), nullable=False),
    sa.Column('signed_at', UTCDateTime(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.CheckConstraint("slot IN ('president', 'secretary') OR slot LIKE 'member-%'", name=op.f('ck_minutes_signature_slot_known')),
    sa.CheckConstraint('addendum_number >= 0', name=op.f('ck_minutes_signature_addendum_number_not_negative')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_minutes_signature_member_id_member'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_signature_minutes_id_minutes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_minutes_signature_organization_id_organization'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_minutes_signature_user_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_signature')),
    sa.UniqueConstraint('minutes_id', 'addendum_number', 'member_id', name=op.f('uq_minutes_signature_minutes_id_addendum_number_member_id')),
    sa.UniqueConstraint('minutes_id', 'addendum_number', 'slot', name=op.f('uq_minutes_signature_minutes_id_addendum_number_slot'))
    )
    with op.batch_alter_table('minutes_signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_signature_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_minutes_signature_organization_id'), ['organization_id'], unique=False)

    op.create_table('minutes_signer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("slot IN ('president', 'secretary') OR slot LIKE 'member-%'", name=op.f('ck_minutes_signer_slot_known')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_minutes_signer_member_id_member'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_signer_minutes_id_minutes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_minutes_signer_organization_id_organization'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_signer')),
    sa.UniqueConstraint('minutes_id', 'member_id', name=op.f('uq_minutes_signer_minutes_id_member_id')),
    sa.UniqueConstraint('minutes_id', 'slot', name=op.f('uq_minutes_signer_minutes_id_slot'))
    )
    with op.batch_alter_table('minutes_signer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_signer_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_minutes_signer_organization_id'), ['organization_id'], unique=False)

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_in_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('required_slots', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('locked_at', UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_minutes_approved_in_id_assembly'), 'assembly', ['approved_in_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_constraint(op.f("ck_minutes_minutesstatus"), type_="check")
        batch_op.create_check_constraint(op.f("ck_minutes_minutesstatus"), _status_in(NEW_STATUSES))


def downgrade():
    # Locked minutes go back to approved: the older schema knows no other frozen state.
    op.execute("UPDATE minutes SET status = 'approved' WHERE status = 'locked'")
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_minutes_minutesstatus"), type_="check")
        batch_op.create_check_constraint(op.f("ck_minutes_minutesstatus"), _status_in(OLD_STATUSES))
        batch_op.drop_constraint(batch_op.f('fk_minutes_approved_in_id_assembly'), type_='foreignkey')
        batch_op.drop_column('locked_at')
        batch_op.drop_column('required_slots')
        batch_op.drop_column('approved_in_id')

    with op.batch_alter_table('minutes_signer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_signer_organization_id'))
        batch_op.drop_index(batch_op.f('ix_minutes_signer_member_id'))

    op.drop_table('minutes_signer')
    with op.batch_alter_table('minutes_signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_signature_organization_id'))
        batch_op.drop_index(batch_op.f('ix_minutes_signature_member_id'))

    op.drop_table('minutes_signature')
    with op.batch_alter_table('minutes_addendum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_addendum_organization_id'))

    op.drop_table('minutes_addendum')
    op.drop_table('minutes_settings')
