"""What a penalty record says about the penalty: its kind, fine and ban (issue 14: the
SAMR publicity period depends on them).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("credit_records", sa.Column("penalty_kind", sa.String(32), nullable=True))
    op.add_column("credit_records", sa.Column("fine_yuan", sa.Numeric(16, 2), nullable=True))
    op.add_column("credit_records", sa.Column("ban_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("credit_records") as table:
        table.drop_column("ban_until")
        table.drop_column("fine_yuan")
        table.drop_column("penalty_kind")
