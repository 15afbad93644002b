"""A case counts the events of its status (issue 20.1): ``case.opened.v1``,
``case.transferred.v1``, ``case.accepted.v1``, ``case.returned.v1``,
``case.police.transferred.v1``, ``case.police.decided.v1`` and ``case.concluded.v1`` carry
the case's version, which only grows, so an integrator keeping a copy of a case keeps the
newest whatever the order it receives them in. Cases already there start at 0.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("version", sa.Integer(), nullable=False,
                                     server_default="0"))


def downgrade() -> None:
    op.drop_column("cases", "version")
