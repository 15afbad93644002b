"""Commitments, repair applications and objections (信用承诺、信用修复、异议申诉; CR-4, CR-9).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ids() -> list[sa.Column]:
    return [sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("uscc", sa.String(length=18), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "credit_commitments",
        *_ids(),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("matter", sa.String(length=64), nullable=True),
        sa.Column("decision_ref", sa.String(length=100), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("settled_by", sa.String(length=32), nullable=True),
        sa.Column("settle_note", sa.String(length=300), nullable=True),
        sa.Column("source_event_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["uscc"], ["entities.uscc"],
                                name=op.f("fk_credit_commitments_uscc_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_commitments")),
        sa.UniqueConstraint("source_event_id",
                            name=op.f("uq_credit_commitments_source_event_id")),
    )
    op.create_index("ix_credit_commitments_uscc", "credit_commitments", ["uscc"])
    op.create_table(
        "credit_repairs",
        *_ids(),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("obligations", sa.String(length=300), nullable=False),
        sa.Column("commitment_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_note", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["uscc"], ["entities.uscc"],
                                name=op.f("fk_credit_repairs_uscc_entities")),
        sa.ForeignKeyConstraint(["record_id"], ["credit_records.id"],
                                name=op.f("fk_credit_repairs_record_id_credit_records")),
        sa.ForeignKeyConstraint(["commitment_id"], ["credit_commitments.id"],
                                name=op.f("fk_credit_repairs_commitment_id_credit_commitments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_repairs")),
    )
    op.create_index("ix_credit_repairs_uscc", "credit_repairs", ["uscc"])
    op.create_index("ix_credit_repairs_record_id", "credit_repairs", ["record_id"])
    op.create_table(
        "credit_objections",
        *_ids(),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_note", sa.String(length=300), nullable=True),
        sa.Column("overdue_announced_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["uscc"], ["entities.uscc"],
                                name=op.f("fk_credit_objections_uscc_entities")),
        sa.ForeignKeyConstraint(["record_id"], ["credit_records.id"],
                                name=op.f("fk_credit_objections_record_id_credit_records")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_objections")),
    )
    op.create_index("ix_credit_objections_uscc", "credit_objections", ["uscc"])
    op.create_index("ix_credit_objections_status_due_on", "credit_objections",
                    ["status", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_credit_objections_status_due_on", table_name="credit_objections")
    op.drop_index("ix_credit_objections_uscc", table_name="credit_objections")
    op.drop_table("credit_objections")
    op.drop_index("ix_credit_repairs_record_id", table_name="credit_repairs")
    op.drop_index("ix_credit_repairs_uscc", table_name="credit_repairs")
    op.drop_table("credit_repairs")
    op.drop_index("ix_credit_commitments_uscc", table_name="credit_commitments")
    op.drop_table("credit_commitments")
