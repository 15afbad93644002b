"""Risk levels of the risk warning model (风险预警模型, CR-11, issue 16.11), stored in USCC
order on SQLite like the grades (the daily re-grade walks both).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity_risks",
        sa.Column("uscc", sa.String(18), sa.ForeignKey("entities.uscc"), primary_key=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(40), nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("entity_risks")
