"""四库一细则, plans, commitments, draws, visits and results of inspection-draw (双随机抽查).

``inspection_objects`` (the mirror of credit-rating's registry) is ``WITHOUT ROWID`` on SQLite
so a roster snapshot reads it in USCC order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
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
    op.create_table('inspection_history',
    sa.Column('visit_id', sa.String(length=40), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('visit_id', name=op.f('pk_inspection_history'))
    )
    with op.batch_alter_table('inspection_history', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_history_year_uscc', ['year', 'uscc'], unique=False)

    op.create_table('inspection_objects',
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('region', sa.String(length=12), nullable=False),
    sa.Column('industry', sa.String(length=8), nullable=False),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.Column('no_penalty_3y', sa.Boolean(), nullable=False),
    sa.Column('blacklisted', sa.Boolean(), nullable=False),
    sa.Column('risk', sa.String(length=16), nullable=True),
    sa.Column('uscc_key', sa.BigInteger(), nullable=False),
    sa.Column('line', sa.Text(), nullable=False),
    sa.Column('stratum', sa.String(length=64), nullable=False),
    sa.Column('registered', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('uscc', name=op.f('pk_inspection_objects')),
    sqlite_with_rowid=False
    )
    op.create_table('inspectors',
    sa.Column('inspector_id', sa.String(length=40), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('certificate', sa.String(length=40), nullable=True),
    sa.Column('matters', sa.JSON(), nullable=False),
    sa.Column('region', sa.String(length=12), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('inspector_id', name=op.f('pk_inspectors'))
    )
    op.create_table('matters',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('key_area', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_matters'))
    )
    op.create_table('plans',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('departments', sa.JSON(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('filed_with', sa.String(length=32), nullable=True),
    sa.Column('filed_by', sa.String(length=200), nullable=True),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    op.create_table('inspector_conflicts',
    sa.Column('inspector_id', sa.String(length=40), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspector_id'], ['inspectors.inspector_id'], name=op.f('fk_inspector_conflicts_inspector_id_inspectors')),
    sa.PrimaryKeyConstraint('inspector_id', 'uscc', name=op.f('pk_inspector_conflicts'))
    )
    op.create_table('tasks',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('plan_id', sa.String(length=40), nullable=False),
    sa.Column('matters', sa.JSON(), nullable=False),
    sa.Column('key_area', sa.Boolean(), nullable=False),
    sa.Column('population', sa.JSON(), nullable=False),
    sa.Column('ratio', sa.String(length=20), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('window_start', sa.Date(), nullable=False),
    sa.Column('window_end', sa.Date(), nullable=False),
    sa.Column('results_due', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('current_draw_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_tasks_plan_id_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_plan_id'), ['plan_id'], unique=False)

    op.create_table('draw_commitments',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('task_id', sa.String(length=40), nullable=False),
    sa.Column('commitment', sa.JSON(), nullable=False),
    sa.Column('commitment_hash', sa.String(length=64), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('roster_count', sa.Integer(), nullable=False),
    sa.Column('roster', sa.LargeBinary(), nullable=False),
    sa.Column('inspectors', sa.JSON(), nullable=False),
    sa.Column('conflicts', sa.JSON(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('committed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_draw_commitments_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw_commitments'))
    )
    with op.batch_alter_table('draw_commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draw_commitments_task_id'), ['task_id'], unique=False)

    op.create_table('draws',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('task_id', sa.String(length=40), nullable=False),
    sa.Column('commitment_id', sa.String(length=40), nullable=False),
    sa.Column('beacon_value', sa.String(length=200), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('assignment', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('superseded_by', sa.String(length=40), nullable=True),
    sa.Column('drawn_by', sa.String(length=200), nullable=False),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['draw_commitments.id'], name=op.f('fk_draws_commitment_id_draw_commitments')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_draws_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draws'))
    )
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draws_task_id'), ['task_id'], unique=False)

    op.create_table('draw_exclusions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('draw_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'], name=op.f('fk_draw_exclusions_draw_id_draws')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw_exclusions'))
    )
    with op.batch_alter_table('draw_exclusions', schema=None) as batch_op:
        batch_op.create_index('ix_draw_exclusions_draw_id', ['draw_id'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('draw_id', sa.String(length=40), nullable=False),
    sa.Column('task_id', sa.String(length=40), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('inspectors', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'], name=op.f('fk_visits_draw_id_draws')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_draw_id_uscc', ['draw_id', 'uscc'], unique=False)

    op.create_table('inspection_results',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('visit_id', sa.String(length=40), nullable=False),
    sa.Column('matter', sa.String(length=32), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=True),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('evidence_hashes', sa.JSON(), nullable=False),
    sa.Column('commitment_false', sa.Boolean(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_inspection_results_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_results')),
    sa.UniqueConstraint('visit_id', 'matter', name=op.f('uq_inspection_results_visit_id'))
    )


def downgrade() -> None:
    op.drop_table('inspection_results')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_draw_id_uscc')

    op.drop_table('visits')
    with op.batch_alter_table('draw_exclusions', schema=None) as batch_op:
        batch_op.drop_index('ix_draw_exclusions_draw_id')

    op.drop_table('draw_exclusions')
    with op.batch_alter_table('draws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draws_task_id'))

    op.drop_table('draws')
    with op.batch_alter_table('draw_commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draw_commitments_task_id'))

    op.drop_table('draw_commitments')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_plan_id'))

    op.drop_table('tasks')
    op.drop_table('inspector_conflicts')
    op.drop_table('plans')
    op.drop_table('matters')
    op.drop_table('inspectors')
    op.drop_table('inspection_objects')
    with op.batch_alter_table('inspection_history', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_history_year_uscc')

    op.drop_table('inspection_history')
