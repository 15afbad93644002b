"""The roster mirror keeps the version of each state it holds (issue 20.1): the registry
data, the grade and the blacklisting of an object, as credit-rating's events carry them,
so an event older than what it holds (a replay after a broker loss) changes nothing.
Null for rows mirrored before: the next versioned event applies.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("registry_version", "grade_version", "blacklist_version")


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("inspection_objects", sa.Column(column, sa.Integer(), nullable=True))


def downgrade() -> None:
    for column in reversed(COLUMNS):  # SQLite drops it in place: WITHOUT ROWID stays
        op.drop_column("inspection_objects", column)
