"""提醒约谈 as a recorded act (CR-7, issue 16.3): the reminders departments held, and the
day a reminder became due kept apart from the day one was held.

The reminder days stored before were the days reminders became due, never recorded as
held: they move to ``reminder_due_on``, so only a recorded interview starts a follow-up.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credit_reminders",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("uscc", sa.String(18), sa.ForeignKey("entities.uscc"), nullable=False),
        sa.Column("department", sa.String(32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(300), nullable=True),
        sa.Column("record_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_credit_reminders_uscc_held_on", "credit_reminders",
                    ["uscc", "held_on"])
    op.add_column("credit_list_entries", sa.Column("reminder_due_on", sa.Date(), nullable=True))
    op.execute("UPDATE credit_list_entries SET reminder_due_on = reminder_issued_on, "
               "reminder_issued_on = NULL WHERE reminder_issued_on IS NOT NULL")


def downgrade() -> None:
    op.execute("UPDATE credit_list_entries SET reminder_issued_on = reminder_due_on "
               "WHERE reminder_due_on IS NOT NULL AND reminder_issued_on IS NULL")
    with op.batch_alter_table("credit_list_entries") as batch:
        batch.drop_column("reminder_due_on")
    op.drop_index("ix_credit_reminders_uscc_held_on", table_name="credit_reminders")
    op.drop_table("credit_reminders")
