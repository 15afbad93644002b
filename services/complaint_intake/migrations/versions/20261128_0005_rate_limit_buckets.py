"""Public quotas shared by every instance: one token bucket per hashed client address.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_buckets",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False,
                  comment="seconds since the epoch, database clock"),
        sa.Column("capacity", sa.Float(), nullable=False,
                  comment="the quota the bucket was last spent under: requests per window"),
        sa.Column("rate", sa.Float(), nullable=False, comment="its tokens back per second"),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_buckets")
