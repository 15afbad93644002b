"""Notices, draw lists, the public directory and the notice counter (公示信息、抽查名单、
主体名录、公示编号).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notice_counter',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('last', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_notice_counter'))
    )
    op.bulk_insert(sa.table('notice_counter', sa.column('name', sa.String),
                            sa.column('last', sa.BigInteger)),
                   [{'name': 'notices', 'last': 0}])
    op.create_table('notices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('decision_basis', sa.String(length=300), nullable=True),
    sa.Column('severity', sa.String(length=16), nullable=True),
    sa.Column('penalty_kind', sa.String(length=32), nullable=True),
    sa.Column('fine_yuan', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('ban_until', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('publish_due', sa.Date(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('repairable_from', sa.Date(), nullable=True),
    sa.Column('period_rule', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawal_reason', sa.String(length=32), nullable=True),
    sa.Column('takedown_due', sa.Date(), nullable=True),
    sa.Column('record_id', sa.String(length=64), nullable=True),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('exposed', sa.Boolean(), nullable=False),
    sa.Column('masked', sa.String(length=200), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_status_published_on', ['status', 'published_on'], unique=False)
        batch_op.create_index('ix_notices_kind_reference', ['kind', 'reference'], unique=False)
        batch_op.create_index('ix_notices_kind_status_published_on', ['kind', 'status', 'published_on'], unique=False)
        batch_op.create_index('ix_notices_record_id', ['record_id'], unique=False)
        batch_op.create_index('ix_notices_status_ends_on', ['status', 'ends_on'], unique=False)
        batch_op.create_index('ix_notices_uscc_status', ['uscc', 'status'], unique=False)

    op.create_table('notice_sources',
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('notice_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_notice_sources_notice_id_notices')),
    sa.PrimaryKeyConstraint('source_event_id', name=op.f('pk_notice_sources'))
    )
    op.create_table('public_entities',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=12), nullable=False),
    sa.Column('industry', sa.String(length=8), nullable=False),
    sa.Column('established_on', sa.Date(), nullable=False),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.Column('grade_rule_version', sa.String(length=40), nullable=True),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('uscc', name=op.f('pk_public_entities')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('public_entities', schema=None) as batch_op:
        batch_op.create_index('ix_public_entities_name', ['name'], unique=False)

    op.create_table('draw_selections',
    sa.Column('notice_id', sa.String(length=36), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_draw_selections_notice_id_notices')),
    sa.PrimaryKeyConstraint('notice_id', 'uscc', name=op.f('pk_draw_selections'))
    )
    with op.batch_alter_table('draw_selections', schema=None) as batch_op:
        batch_op.create_index('ix_draw_selections_uscc', ['uscc'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('draw_selections', schema=None) as batch_op:
        batch_op.drop_index('ix_draw_selections_uscc')

    op.drop_table('draw_selections')
    with op.batch_alter_table('public_entities', schema=None) as batch_op:
        batch_op.drop_index('ix_public_entities_name')

    op.drop_table('public_entities')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_uscc_status')
        batch_op.drop_index('ix_notices_status_ends_on')
        batch_op.drop_index('ix_notices_record_id')
        batch_op.drop_index('ix_notices_kind_status_published_on')
        batch_op.drop_index('ix_notices_kind_reference')
        batch_op.drop_index('ix_notices_status_published_on')

    op.drop_table('notice_sources')
    op.drop_table('notices')
    op.drop_table('notice_counter')
