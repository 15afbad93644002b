"""A report's case, once opened (立案), runs under its decision deadline (90 days, +30
once with the head's approval): the day it was opened, the deadline, its extension and
the extension's reason.

Cases opened before keep NULLs and run under no decision deadline (nothing is guessed
for them). Items in the 12345 triage queue need no column: their status is ``triage``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as table:
        table.add_column(sa.Column("case_opened_on", sa.Date(), nullable=True))
        table.add_column(sa.Column("case_decision_by", sa.Date(), nullable=True))
        table.add_column(sa.Column("case_decision_extended_by", sa.Date(), nullable=True))
        table.add_column(sa.Column("case_extension_reason", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("complaints") as table:
        table.drop_column("case_extension_reason")
        table.drop_column("case_decision_extended_by")
        table.drop_column("case_decision_by")
        table.drop_column("case_opened_on")
