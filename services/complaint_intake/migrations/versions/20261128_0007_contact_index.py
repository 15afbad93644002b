"""A reporter is also recognised by the contact they gave (its own blind index), and no
longer by a name alone.

Rows stored before keep their ``reporter_index``, which the matching still reads; one
that holds a name's index cannot be told from a contact's without the key, so it stays.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reporter_identities") as table:
        table.add_column(sa.Column("contact_index", sa.String(64), nullable=True))
    op.create_index("ix_reporter_identities_contact_index", "reporter_identities",
                    ["contact_index"])


def downgrade() -> None:
    op.drop_index("ix_reporter_identities_contact_index", "reporter_identities")
    with op.batch_alter_table("reporter_identities") as table:
        table.drop_column("contact_index")
