"""Accept first (受理在先): a filing is stored as it is accepted, with its reporter
already sealed, and answered at once; the intake worker matches, routes, links and
announces it, deleting the row in the transaction that writes its complaint.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "filings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("receipt_code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(24), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("region", sa.String(6), nullable=True),
        sa.Column("uscc", sa.String(18), nullable=True),
        sa.Column("subject_name", sa.String(200), nullable=True),
        sa.Column("subject_address", sa.String(300), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("internal_whistleblower", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("filed_by", sa.String(200), nullable=False),
        sa.Column("traceparent", sa.String(64), nullable=True),
        sa.Column("key_id", sa.String(32), nullable=True),
        sa.Column("nonce", sa.LargeBinary(), nullable=True),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("reporter_index", sa.String(64), nullable=True),
        sa.Column("phone_index", sa.String(64), nullable=True),
        sa.Column("id_number_index", sa.String(64), nullable=True),
        sa.Column("contact_index", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_filings"),
        sa.UniqueConstraint("receipt_code", name="uq_filings_receipt_code"),
    )


def downgrade() -> None:
    op.drop_table("filings")
