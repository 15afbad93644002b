"""A linked duplicate belongs to the department handling its first complaint (CP-4: only
that department sees its reporter): duplicates stored under the department their own
filing was routed to, or left behind when the first was passed on, move to it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("""
        UPDATE complaints SET department = (
            SELECT first.department FROM complaints AS first
            WHERE first.id = complaints.duplicate_of)
        WHERE duplicate_of IS NOT NULL AND department <> (
            SELECT first.department FROM complaints AS first
            WHERE first.id = complaints.duplicate_of)""")


def downgrade() -> None:
    """Where each duplicate's own filing was routed is not kept: nothing to undo."""
