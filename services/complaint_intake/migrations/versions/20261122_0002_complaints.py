"""Complaints, sealed reporter identities, replies, handling history, overdue notices,
reporter marks, rewards and the entity mirror (投诉举报).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("receipt_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("subject_name", sa.String(length=200), nullable=True),
        sa.Column("subject_address", sa.String(length=300), nullable=True),
        sa.Column("entity_key", sa.String(length=220), nullable=False),
        sa.Column("match_score", sa.Float(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("buckets", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("accept_by", sa.Date(), nullable=True),
        sa.Column("decide_case_by", sa.Date(), nullable=True),
        sa.Column("decide_case_extended_by", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.String(length=500), nullable=True),
        sa.Column("mediation_ends", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("finding_for", sa.String(length=32), nullable=True),
        sa.Column("duplicate_of", sa.String(length=36), nullable=True),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("misroutes", sa.Integer(), nullable=False),
        sa.Column("internal_whistleblower", sa.Boolean(), nullable=False),
        sa.Column("reporter_standing", sa.String(length=16), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("filed_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_of"], ["complaints.id"], name=op.f("fk_complaints_duplicate_of_complaints")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("receipt_code", name=op.f("uq_complaints_receipt_code")),
    )
    op.create_index(
        "ix_complaints_department_status", "complaints", ["department", "status"], unique=False
    )
    op.create_index(
        "ix_complaints_duplicate_lookup",
        "complaints",
        ["entity_key", "category", "received_on"],
        unique=False,
    )
    op.create_table(
        "entity_mirror",
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uscc", name=op.f("pk_entity_mirror")),
    )
    op.create_index(op.f("ix_entity_mirror_name_key"), "entity_mirror", ["name_key"], unique=False)
    op.create_table(
        "handling_steps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("on_day", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_handling_steps_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handling_steps")),
    )
    op.create_index(
        op.f("ix_handling_steps_complaint_id"), "handling_steps", ["complaint_id"], unique=False
    )
    op.create_table(
        "overdue_notices",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("deadline", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("detected_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_overdue_notices_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint(
            "complaint_id", "deadline", "due_on", name=op.f("pk_overdue_notices")
        ),
    )
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_replies_complaint_id_complaints")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replies")),
    )
    op.create_index(op.f("ix_replies_complaint_id"), "replies", ["complaint_id"], unique=False)
    op.create_table(
        "reporter_identities",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("reporter_index", sa.String(length=64), nullable=True),
        sa.Column("phone_index", sa.String(length=64), nullable=True),
        sa.Column("id_number_index", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_reporter_identities_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_reporter_identities")),
    )
    op.create_index(
        op.f("ix_reporter_identities_reporter_index"),
        "reporter_identities",
        ["reporter_index"],
        unique=False,
    )
    op.create_table(
        "reporter_marks",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("reporter_index", sa.String(length=64), nullable=False),
        sa.Column("marked_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_reporter_marks_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_reporter_marks")),
    )
    op.create_index(
        op.f("ix_reporter_marks_reporter_index"), "reporter_marks", ["reporter_index"], unique=False
    )
    op.create_table(
        "rewards",
        sa.Column("complaint_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("fine_yuan", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("amount_yuan", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_rewards_complaint_id_complaints")
        ),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_rewards")),
    )


def downgrade() -> None:
    op.drop_table("rewards")
    op.drop_index(op.f("ix_reporter_marks_reporter_index"), table_name="reporter_marks")
    op.drop_table("reporter_marks")
    op.drop_index(op.f("ix_reporter_identities_reporter_index"), table_name="reporter_identities")
    op.drop_table("reporter_identities")
    op.drop_index(op.f("ix_replies_complaint_id"), table_name="replies")
    op.drop_table("replies")
    op.drop_table("overdue_notices")
    op.drop_index(op.f("ix_handling_steps_complaint_id"), table_name="handling_steps")
    op.drop_table("handling_steps")
    op.drop_index(op.f("ix_entity_mirror_name_key"), table_name="entity_mirror")
    op.drop_table("entity_mirror")
    op.drop_index("ix_complaints_duplicate_lookup", table_name="complaints")
    op.drop_index("ix_complaints_department_status", table_name="complaints")
    op.drop_table("complaints")
