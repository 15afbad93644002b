"""Versions of states (issue 20.1): each notice counts its announcements
(``notice.published.v1``, ``notice.withdrawn.v1`` carry the count, so an integrator keeps
the newest), and ``mirrored_versions`` holds the version of each credit state the
directory and the list notices copy, so an older event (a replay after a broker loss)
changes nothing. Notices already there start at 0.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("notices", sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="0"))
    op.create_table(
        "mirrored_versions",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "subject", name=op.f("pk_mirrored_versions")),
    )


def downgrade() -> None:
    op.drop_table("mirrored_versions")
    op.drop_column("notices", "version")
