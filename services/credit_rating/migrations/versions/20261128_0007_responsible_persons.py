"""Responsible persons of an entity, as keyed hashes only (CR-5: joint punishment
extends to them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_responsible_persons",
        sa.Column("uscc", sa.String(18), sa.ForeignKey("entities.uscc"), nullable=False),
        sa.Column("person_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uscc", "person_hash"),
    )


def downgrade() -> None:
    op.drop_table("entity_responsible_persons")
