"""The procuratorate's case list (``GET /v1/cases``) sees every case with a 行刑衔接
state; it found them all in ``ix_cases_criminal_state`` and sorted them to give one page,
so the work grew with every such case ever. Now they come newest first from a partial
index of those cases only, ``(opened_at DESC, id) WHERE criminal_state > ''``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IN_CRIMINAL = sa.text("criminal_state > ''")


def upgrade() -> None:
    op.create_index("ix_cases_criminal_opened_at", "cases", [sa.text("opened_at DESC"), "id"],
                    sqlite_where=IN_CRIMINAL, postgresql_where=IN_CRIMINAL)


def downgrade() -> None:
    op.drop_index("ix_cases_criminal_opened_at", table_name="cases")
