"""One finding, one record (issue 16.6): the finding a record was made for, unique, so
the two events that report one inspection finding make one record.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("credit_records") as batch:
        batch.add_column(sa.Column("finding_ref", sa.String(80), nullable=True))
        batch.create_unique_constraint("uq_credit_records_finding_ref", ["finding_ref"])


def downgrade() -> None:
    with op.batch_alter_table("credit_records") as batch:
        batch.drop_constraint("uq_credit_records_finding_ref", type_="unique")
        batch.drop_column("finding_ref")
