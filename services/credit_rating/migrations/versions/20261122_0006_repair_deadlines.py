"""Overdue repair decisions are listed and announced once (信用修复 督办).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("credit_repairs", sa.Column("overdue_announced_on", sa.Date(), nullable=True))
    op.create_index("ix_credit_repairs_status_due_on", "credit_repairs", ["status", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_credit_repairs_status_due_on", table_name="credit_repairs")
    with op.batch_alter_table("credit_repairs") as batch:
        batch.drop_column("overdue_announced_on")
