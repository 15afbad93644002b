"""The random-inspection history (抽查记录) had one index, ``(year, uscc)``, for the
snapshot's read of a year. Two reads about one thing read all of it instead, on both
databases: an object's history (``GET /v1/objects/{uscc}``: ``uscc = ?``, 12 ms on SQLite
at 200,000 inspections, against ~5 µs with ``(uscc, year)``), and a redraw taking the
draw it replaces out of the history (``DELETE … WHERE draw_id = ?``: 11-23 ms for a draw
of 200 visits, against 2 ms with ``(draw_id)``, the deletion of its own rows).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_inspection_history_uscc_year", "inspection_history", ["uscc", "year"])
    op.create_index("ix_inspection_history_draw_id", "inspection_history", ["draw_id"])


def downgrade() -> None:
    op.drop_index("ix_inspection_history_draw_id", table_name="inspection_history")
    op.drop_index("ix_inspection_history_uscc_year", table_name="inspection_history")
