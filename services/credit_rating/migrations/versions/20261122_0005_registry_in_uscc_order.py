"""The registry and its grades stored in USCC order on SQLite (WITHOUT ROWID).

A re-grade walks every entity in USCC order and rewrites its grade; with rowid tables
the rows of one chunk sat on pages scattered in insertion order, and a million-entity
re-grade spent half its time reading and checkpointing those pages. PostgreSQL:
nothing to do.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.migrations import rebuild_sqlite_table

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
TABLES = ("entities", "entity_grades")


def upgrade() -> None:
    for table in TABLES:
        rebuild_sqlite_table(table, without_rowid=True)


def downgrade() -> None:
    for table in TABLES:
        rebuild_sqlite_table(table, without_rowid=False)
