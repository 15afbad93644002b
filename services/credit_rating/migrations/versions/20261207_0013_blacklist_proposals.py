"""Listing on the 严重失信主体名单 is a decision (CR-5, issue 16.5): proposals and their
departments' decisions.

A listing a serious record made automatically before stands as a decision of the
records' departments, dated the day the entity went on the list: what was announced as
listed stays listed, and only new records wait for a decision.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blacklist_proposals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("uscc", sa.String(18), sa.ForeignKey("entities.uscc"), nullable=False),
        sa.Column("department", sa.String(32), nullable=False),
        sa.Column("record_ids", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_ref", sa.String(100), nullable=True),
        sa.Column("note", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_blacklist_proposals_uscc", "blacklist_proposals", ["uscc"])
    op.create_index("ix_blacklist_proposals_status_department", "blacklist_proposals",
                    ["status", "department"])
    _listings_stand_as_decided()


ENTRIES = sa.table("credit_list_entries", sa.column("uscc"), sa.column("list_kind"),
                   sa.column("listed", sa.Boolean), sa.column("reason"),
                   sa.column("record_ids", sa.JSON), sa.column("listed_since", sa.Date))
RECORDS = sa.table("credit_records", sa.column("id"), sa.column("department"))
PROPOSALS = sa.table("blacklist_proposals", *(sa.column(name) for name in (
    "id", "uscc", "department", "reason", "status", "decision_ref", "note")),
    sa.column("record_ids", sa.JSON), sa.column("proposed_on", sa.Date),
    sa.column("notified_on", sa.Date), sa.column("decided_on", sa.Date),
    sa.column("created_at", sa.DateTime(timezone=True)))


def _listings_stand_as_decided() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    listed = bind.execute(sa.select(ENTRIES.c.uscc, ENTRIES.c.reason, ENTRIES.c.record_ids,
                                    ENTRIES.c.listed_since).where(
        ENTRIES.c.list_kind == "blacklist", ENTRIES.c.listed.is_(True))).all()
    rows = []
    for uscc, reason, record_ids, since in listed:
        departments: dict[str, list[str]] = {}
        for record_id, department in bind.execute(sa.select(RECORDS.c.id, RECORDS.c.department)
                                                  .where(RECORDS.c.id.in_(record_ids or []))):
            departments.setdefault(department, []).append(record_id)
        day = since or now.date()
        rows += [{"id": str(uuid.uuid4()), "uscc": uscc, "department": department,
                  "record_ids": sorted(ids), "reason": reason, "proposed_on": day,
                  "status": "confirmed", "notified_on": day, "decided_on": day,
                  "decision_ref": None, "note": "listed before listing was a decision "
                  "(migration 0013)", "created_at": now}
                 for department, ids in sorted(departments.items())]
    if rows:
        op.bulk_insert(PROPOSALS, rows)


def downgrade() -> None:
    op.drop_index("ix_blacklist_proposals_status_department",
                  table_name="blacklist_proposals")
    op.drop_index("ix_blacklist_proposals_uscc", table_name="blacklist_proposals")
    op.drop_table("blacklist_proposals")
