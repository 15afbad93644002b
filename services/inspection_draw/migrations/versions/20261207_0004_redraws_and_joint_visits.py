"""jianguan-draw/3: salted conflict declarations, commitment sequence and strata, reviewed
redraw requests, draws that say what they replace, and joint visits (进一次门、查多项事).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.utc_datetime import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inspector_conflicts") as batch:
        batch.add_column(sa.Column("salt", sa.String(length=32), nullable=True))
    with op.batch_alter_table("draw_commitments") as batch:
        batch.add_column(sa.Column("sequence", sa.Integer(), server_default="1",
                                   nullable=False))
        batch.add_column(sa.Column("strata", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("redraw_id", sa.String(length=40), nullable=True))
    with op.batch_alter_table("draws") as batch:
        batch.add_column(sa.Column("sequence", sa.Integer(), server_default="1",
                                   nullable=False))
        batch.add_column(sa.Column("replaces", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("approved_by", sa.String(length=200), nullable=True))
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("joint_visit_id", sa.String(length=40), nullable=True))
        batch.create_index("ix_visits_joint_visit_id", ["joint_visit_id"])
    op.create_table(
        "redraw_requests",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("task_id", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.Column("commitment_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"],
                                name=op.f("fk_redraw_requests_task_id_tasks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redraw_requests")),
    )
    op.create_index(op.f("ix_redraw_requests_task_id"), "redraw_requests", ["task_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_redraw_requests_task_id"), table_name="redraw_requests")
    op.drop_table("redraw_requests")
    with op.batch_alter_table("visits") as batch:
        batch.drop_index("ix_visits_joint_visit_id")
        batch.drop_column("joint_visit_id")
    with op.batch_alter_table("draws") as batch:
        for column in ("approved_by", "replaces", "sequence"):
            batch.drop_column(column)
    with op.batch_alter_table("draw_commitments") as batch:
        for column in ("redraw_id", "strata", "sequence"):
            batch.drop_column(column)
    with op.batch_alter_table("inspector_conflicts") as batch:
        batch.drop_column("salt")
