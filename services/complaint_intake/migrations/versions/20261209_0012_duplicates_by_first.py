"""A complaint assigned or passed on takes its duplicates with it (``UPDATE complaints …
WHERE duplicate_of = ?``); with no index on ``duplicate_of`` both databases read every
complaint for it: 31 ms a routing on SQLite at 200,000 complaints, against ~2 µs.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_complaints_duplicate_of", "complaints", ["duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_complaints_duplicate_of", table_name="complaints")
