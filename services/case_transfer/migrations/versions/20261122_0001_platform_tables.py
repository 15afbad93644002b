"""Platform tables (平台表): outbox, inbox, audit log and its head.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

from shared.platform_tables import create_v1, drop_v1

revision: str = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_v1(op.get_bind())


def downgrade() -> None:
    drop_v1(op.get_bind())
