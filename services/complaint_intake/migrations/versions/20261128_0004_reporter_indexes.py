"""A reporter is matched under any of their blind indexes: the phone's and the ID
number's are indexed like the reporter's own.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_reporter_identities_phone_index", "reporter_identities",
                    ["phone_index"])
    op.create_index("ix_reporter_identities_id_number_index", "reporter_identities",
                    ["id_number_index"])


def downgrade() -> None:
    op.drop_index("ix_reporter_identities_id_number_index", "reporter_identities")
    op.drop_index("ix_reporter_identities_phone_index", "reporter_identities")
