"""Cases and clues, who may see them, the full-process record, transfers, 行刑衔接,
legal reviews, decisions, joint actions, assistance requests, 督办 and the deadlines the
overdue sweep watches (案件移送).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cases',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('opened_by', sa.String(length=32), nullable=False),
    sa.Column('party', sa.String(length=8), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('person_hash', sa.String(length=64), nullable=True),
    sa.Column('person_name', sa.String(length=60), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('violation_code', sa.String(length=32), nullable=True),
    sa.Column('severity', sa.String(length=8), nullable=True),
    sa.Column('suspected_crime', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('source_ref', sa.String(length=64), nullable=True),
    sa.Column('source_event_id', sa.String(length=64), nullable=True),
    sa.Column('investigators', sa.JSON(), nullable=False),
    sa.Column('pending_transfer_id', sa.String(length=36), nullable=True),
    sa.Column('criminal_state', sa.String(length=24), nullable=True),
    sa.Column('outcome', sa.String(length=24), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('concluded_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('source_event_id', name=op.f('uq_cases_source_event_id'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_criminal_state', ['criminal_state'], unique=False)
        batch_op.create_index('ix_cases_department_stage', ['department', 'stage'], unique=False)
        batch_op.create_index('ix_cases_opened_by_opened_on', ['opened_by', 'opened_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_person_hash'), ['person_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_uscc'), ['uscc'], unique=False)

    op.create_table('assistance_requests',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('from_department', sa.String(length=32), nullable=False),
    sa.Column('to_department', sa.String(length=32), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_assistance_requests_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistance_requests'))
    )
    with op.batch_alter_table('assistance_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistance_requests_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_assistance_requests_to_department_status', ['to_department', 'status'], unique=False)

    op.create_table('case_access',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_access_case_id_cases')),
    sa.PrimaryKeyConstraint('case_id', 'department', name=op.f('pk_case_access'))
    )
    with op.batch_alter_table('case_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_access_department'), ['department'], unique=False)

    op.create_table('case_deadlines',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('supervisor', sa.String(length=32), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('met_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_deadlines_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_deadlines'))
    )
    with op.batch_alter_table('case_deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_deadlines_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_case_deadlines_department_due_at', ['department', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_deadlines_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index('ix_case_deadlines_supervisor_due_at', ['supervisor', 'due_at'], unique=False)
        batch_op.create_index('ix_case_deadlines_unescalated', ['due_at'], unique=False, sqlite_where=sa.text('met_at IS NULL AND escalated_at IS NULL'), postgresql_where=sa.text('met_at IS NULL AND escalated_at IS NULL'))

    op.create_table('case_steps',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('step', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('officers', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('documents', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_steps_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_steps'))
    )
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.create_index('ix_case_steps_case_id_id', ['case_id', 'id'], unique=False)

    op.create_table('criminal_transfers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('police_department', sa.String(length=32), nullable=False),
    sa.Column('officers', sa.JSON(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('head_decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('head_reason', sa.Text(), nullable=True),
    sa.Column('documents', sa.JSON(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('police_decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('police_reason', sa.Text(), nullable=True),
    sa.Column('reconsideration_due_on', sa.Date(), nullable=True),
    sa.Column('reconsideration_asked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reconsideration_reason', sa.Text(), nullable=True),
    sa.Column('reconsideration_answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reconsideration_answer', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_criminal_transfers_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criminal_transfers'))
    )
    with op.batch_alter_table('criminal_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criminal_transfers_case_id'), ['case_id'], unique=False)

    op.create_table('decisions',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('violation_code', sa.String(length=32), nullable=True),
    sa.Column('circumstance', sa.String(length=12), nullable=True),
    sa.Column('measures', sa.JSON(), nullable=False),
    sa.Column('fine_yuan', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('goods_value_yuan', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('benchmark', sa.JSON(), nullable=True),
    sa.Column('major', sa.Boolean(), nullable=False),
    sa.Column('review_id', sa.String(length=36), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('signed_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_decisions_case_id_cases')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_decisions'))
    )
    op.create_table('joint_actions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('lead_department', sa.String(length=32), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_joint_actions_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_actions'))
    )
    with op.batch_alter_table('joint_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_actions_case_id'), ['case_id'], unique=False)

    op.create_table('legal_reviews',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('proposal', sa.JSON(), nullable=False),
    sa.Column('major', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('reviewer', sa.String(length=40), nullable=True),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_legal_reviews_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_reviews'))
    )
    with op.batch_alter_table('legal_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_reviews_case_id'), ['case_id'], unique=False)

    op.create_table('supervisions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('supervisor', sa.String(length=32), nullable=False),
    sa.Column('target_department', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('instruction', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_supervisions_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervisions'))
    )
    with op.batch_alter_table('supervisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisions_case_id'), ['case_id'], unique=False)

    op.create_table('transfers',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('from_department', sa.String(length=32), nullable=False),
    sa.Column('to_department', sa.String(length=32), nullable=False),
    sa.Column('cross_region', sa.Boolean(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_transfers_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfers'))
    )
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfers_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_transfers_from_department_sent_at', ['from_department', 'sent_at'], unique=False)
        batch_op.create_index('ix_transfers_to_department_status', ['to_department', 'status'], unique=False)

    op.create_table('joint_participants',
    sa.Column('action_id', sa.String(length=36), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['joint_actions.id'], name=op.f('fk_joint_participants_action_id_joint_actions')),
    sa.PrimaryKeyConstraint('action_id', 'department', name=op.f('pk_joint_participants'))
    )


def downgrade() -> None:
    op.drop_table('joint_participants')
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index('ix_transfers_to_department_status')
        batch_op.drop_index('ix_transfers_from_department_sent_at')
        batch_op.drop_index(batch_op.f('ix_transfers_case_id'))

    op.drop_table('transfers')
    with op.batch_alter_table('supervisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisions_case_id'))

    op.drop_table('supervisions')
    with op.batch_alter_table('legal_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_reviews_case_id'))

    op.drop_table('legal_reviews')
    with op.batch_alter_table('joint_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_actions_case_id'))

    op.drop_table('joint_actions')
    op.drop_table('decisions')
    with op.batch_alter_table('criminal_transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criminal_transfers_case_id'))

    op.drop_table('criminal_transfers')
    with op.batch_alter_table('case_steps', schema=None) as batch_op:
        batch_op.drop_index('ix_case_steps_case_id_id')

    op.drop_table('case_steps')
    with op.batch_alter_table('case_deadlines', schema=None) as batch_op:
        batch_op.drop_index('ix_case_deadlines_unescalated', sqlite_where=sa.text('met_at IS NULL AND escalated_at IS NULL'), postgresql_where=sa.text('met_at IS NULL AND escalated_at IS NULL'))
        batch_op.drop_index('ix_case_deadlines_supervisor_due_at')
        batch_op.drop_index(batch_op.f('ix_case_deadlines_subject_id'))
        batch_op.drop_index('ix_case_deadlines_department_due_at')
        batch_op.drop_index(batch_op.f('ix_case_deadlines_case_id'))

    op.drop_table('case_deadlines')
    with op.batch_alter_table('case_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_access_department'))

    op.drop_table('case_access')
    with op.batch_alter_table('assistance_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_assistance_requests_to_department_status')
        batch_op.drop_index(batch_op.f('ix_assistance_requests_case_id'))

    op.drop_table('assistance_requests')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_uscc'))
        batch_op.drop_index(batch_op.f('ix_cases_person_hash'))
        batch_op.drop_index('ix_cases_opened_by_opened_on')
        batch_op.drop_index('ix_cases_department_stage')
        batch_op.drop_index('ix_cases_criminal_state')

    op.drop_table('cases')
