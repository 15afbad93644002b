"""Dead letters kept in the service's own database (死信), so that `jianguan dlq` lists and
replays them after the memory-only broker lost its `<topic>.dlq` topics.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from shared.platform_tables import create_v2, drop_v2

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_v2(op.get_bind())


def downgrade() -> None:
    drop_v2(op.get_bind())
