"""Complaint LSH buckets are computed when needed: ``complaints.buckets`` may be NULL.

A complaint's MinHash bucket digests serve only the duplicate lookup of an entity with
more complaints in the window than are compared one by one. Intake now computes them
only then, so a complaint filed while its entity and category were quiet has none; the
lookup compares such rows in full. Downgrading computes the missing digests.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.alter_column("buckets", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    from services.complaint_intake.domain.duplicates import bucket_keys, pack_buckets
    from services.complaint_intake.domain.rules import load_complaint_rules

    rules, bind = load_complaint_rules(), op.get_bind()
    pending = bind.execute(sa.text("SELECT id, description FROM complaints "
                                   "WHERE buckets IS NULL")).all()
    for row in pending:
        bind.execute(sa.text("UPDATE complaints SET buckets = :buckets WHERE id = :id"),
                     {"id": row.id,
                      "buckets": pack_buckets(bucket_keys(row.description, rules))})
    with op.batch_alter_table("complaints") as batch:
        batch.alter_column("buckets", existing_type=sa.LargeBinary(), nullable=False)
