"""A department's case list (``GET /v1/cases``), newest first, found every case it may
see through its own index for each way of seeing it, then sorted them all to give one
page: its whole history, each time it opened the list. Now the cases it handles and
those it opened come newest first from ``(department | opened_by, opened_at DESC, id)``,
and the list reads only the first ``offset + limit`` of each (``queries.cases.case_list``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_cases_department_opened_at", "department"),
           ("ix_cases_opened_by_opened_at", "opened_by"))


def upgrade() -> None:
    for name, leading in INDEXES:
        op.create_index(name, "cases", [leading, sa.text("opened_at DESC"), "id"])


def downgrade() -> None:
    for name, _ in reversed(INDEXES):
        op.drop_index(name, table_name="cases")
