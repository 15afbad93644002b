"""The version of each announced state (issue 20.1): an entity's registry data, its grade,
its blacklisting and each abnormal listing count their announcements, so every
``credit.entity.upserted.v1``, ``credit.grade.changed.v1``, ``credit.blacklist.changed.v1``
and ``credit.abnormal.changed.v1`` carries a version that only grows for its subject and a
copy kept elsewhere applies only what is newer than what it holds. Rows already there
start at 0: their earlier events went without a version.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("entities", "entity_grades", "credit_list_entries", "abnormal_listings")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="0"))


def downgrade() -> None:
    for table in reversed(TABLES):  # SQLite drops it in place: WITHOUT ROWID stays
        op.drop_column(table, "version")
