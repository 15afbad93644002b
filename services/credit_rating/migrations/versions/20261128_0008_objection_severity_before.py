"""An objection decided ``corrected`` keeps the severity it corrected, so a credit report
as of an earlier day shows the record as it stood then.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("credit_objections", sa.Column("severity_before", sa.String(16),
                                                 nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("credit_objections") as batch:
        batch.drop_column("severity_before")
