"""A department's evaluation (``GET /v1/evaluation``, CT-8) counts what it did in a
period: transfers to it answered, legal reviews decided, 行刑衔接 transfers delivered,
and the cases it took a step of. No index was led by (department, time): legal reviews,
行刑衔接 transfers and steps were read in full, answered transfers through the
department's every transfer ever (``to_department, status``). Now each is a range of
(department, time) on both databases. SQLite VM steps (of 10 instructions) alone →
among 2,000 other cases, a quarter of them with rows of the department a year before
(``test_read_plans``), before / after: steps' cases 6 → 706 / 6 → 6; reviews
5 → 705 / 6 → 6; 行刑衔接 1 → 701 / 2 → 2; answered transfers 4 → 254 / 6 → 6.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_case_steps_department_at", "case_steps", ["department", "at"]),
           ("ix_transfers_to_department_answered_at", "transfers",
            ["to_department", "answered_at"]),
           ("ix_legal_reviews_department_reviewed_at", "legal_reviews",
            ["department", "reviewed_at"]),
           ("ix_criminal_transfers_department_delivered_at", "criminal_transfers",
            ["department", "delivered_at"]))


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
