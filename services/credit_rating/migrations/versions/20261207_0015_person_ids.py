"""The people behind an entity by the keyed hashes of their ID numbers (CR-5, issue
16.9): 逢办必查 finds the blacklisted entities they stand behind, without namesakes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_person_ids",
        sa.Column("uscc", sa.String(18), sa.ForeignKey("entities.uscc"), nullable=False),
        sa.Column("person_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uscc", "person_hash", "role"),
    )
    op.create_index("ix_entity_person_ids_person_hash", "entity_person_ids", ["person_hash"])


def downgrade() -> None:
    op.drop_index("ix_entity_person_ids_person_hash", table_name="entity_person_ids")
    op.drop_table("entity_person_ids")
