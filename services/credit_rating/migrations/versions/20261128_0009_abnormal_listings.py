"""The 经营异常名录: three years on it without a break → 严重违法失信名单 (CR-5).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "abnormal_listings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("uscc", sa.String(18), sa.ForeignKey("entities.uscc"), nullable=False),
        sa.Column("department", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removal_reason", sa.String(300), nullable=True),
        sa.Column("warned_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_abnormal_listings_uscc", "abnormal_listings", ["uscc"])
    op.create_index("ix_abnormal_listings_active", "abnormal_listings",
                    ["removed_on", "listed_on"])


def downgrade() -> None:
    op.drop_table("abnormal_listings")
