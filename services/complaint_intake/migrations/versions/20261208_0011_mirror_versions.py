"""The entity mirror keeps the registry version credit-rating's events carry (issue 20.1),
so an older ``credit.entity.upserted.v1`` (a replay after a broker loss) changes nothing.
Null for rows mirrored before: the next versioned event applies.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
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
    op.add_column("entity_mirror", sa.Column("version", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("entity_mirror", "version")
