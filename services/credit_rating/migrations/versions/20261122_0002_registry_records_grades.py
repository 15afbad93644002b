"""Entity registry, credit records and grades (主体名录、信用记录、信用等级).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
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
    op.create_table(
        "entities",
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("legal_representative", sa.String(length=100), nullable=True),
        sa.Column("registered_address", sa.String(length=300), nullable=True),
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("industry", sa.String(length=8), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=False),
        sa.Column("new_economy", sa.Boolean(), nullable=False),
        sa.Column("tolerance_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uscc", name=op.f("pk_entities")),
    )
    op.create_table(
        "credit_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=True),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("violation_code", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("publicity_minimum_end", sa.Date(), nullable=True),
        sa.Column("publicity_end", sa.Date(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("source_event_id", sa.String(length=64), nullable=True),
        sa.Column("exempt_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["uscc"], ["entities.uscc"],
                                name=op.f("fk_credit_records_uscc_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_records")),
        sa.UniqueConstraint("source_event_id", name=op.f("uq_credit_records_source_event_id")),
    )
    op.create_index("ix_credit_records_uscc_decided_on", "credit_records",
                    ["uscc", "decided_on"], unique=False)
    op.create_table(
        "entity_grades",
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("rule_version", sa.String(length=40), nullable=False),
        sa.Column("no_penalty_3y", sa.Boolean(), nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["uscc"], ["entities.uscc"],
                                name=op.f("fk_entity_grades_uscc_entities")),
        sa.PrimaryKeyConstraint("uscc", name=op.f("pk_entity_grades")),
    )


def downgrade() -> None:
    op.drop_table("entity_grades")
    op.drop_index("ix_credit_records_uscc_decided_on", table_name="credit_records")
    op.drop_table("credit_records")
    op.drop_table("entities")
