"""Credit list entries: 严重失信主体名单 and 重点关注企业名单 state per entity (CR-5, CR-7).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credit_list_entries",
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("list_kind", sa.String(length=16), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("record_ids", sa.JSON(), nullable=False),
        sa.Column("listed_since", sa.Date(), nullable=True),
        sa.Column("reminder_issued_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["uscc"], ["entities.uscc"],
                                name=op.f("fk_credit_list_entries_uscc_entities")),
        sa.PrimaryKeyConstraint("uscc", "list_kind", name=op.f("pk_credit_list_entries")),
    )
    op.create_index("ix_credit_list_entries_kind_listed_uscc", "credit_list_entries",
                    ["list_kind", "listed", "uscc"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_credit_list_entries_kind_listed_uscc", table_name="credit_list_entries")
    op.drop_table("credit_list_entries")
