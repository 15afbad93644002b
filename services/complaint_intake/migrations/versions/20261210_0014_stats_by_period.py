"""A department's statistics (``GET /v1/stats``, CP-6) count what it received and did
in a period. No index was led by (department, day): the complaints it received (and
their duplicates' ratings) were read through its every complaint ever
(``department, status``), its passed-on steps and its overdue notices through every
department's. Now the complaints and steps are a range of (department, day), and the
notices the department's own, on both databases. SQLite VM steps (of 10 instructions)
alone → among 2,000 other departments' complaints of the period and 500 of the
department's the year before (``test_read_plans``), before / after: received 4 → 254 /
4 → 4; duplicates' ratings 3 → 253 / 3 → 3; overdue 3 → 603 / 3 → 3; passed on
2 → 1177 / 3 → 3. The overdue count still reads every notice the department was ever
sent (a notice has no day of receipt); they are few beside its complaints.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (("ix_complaints_department_received_on", "complaints",
            ["department", "received_on"]),
           ("ix_handling_steps_department_on_day", "handling_steps", ["department", "on_day"]),
           ("ix_overdue_notices_department_complaint_id", "overdue_notices",
            ["department", "complaint_id"]))


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
