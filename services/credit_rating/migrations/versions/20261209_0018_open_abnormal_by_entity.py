"""逢办必查 reads an entity's earliest open 经营异常名录 listing (``uscc = ? AND removed_on IS
NULL``). With only ``(uscc)`` and ``(removed_on, listed_on)`` to choose from, SQLite (no
statistics) took the second and walked every open listing of every entity: 4.5 ms per
check with 5% of 200,000 entities listed, against ~20 µs. ``(uscc, removed_on,
listed_on)`` answers it from the entity's own few entries, and serves every lookup by
``uscc`` the old index served, so that one goes.

The same read asks whether a person of the entity stands behind a blacklisted one; the
persons' index by ID hash now carries the entity too, so that step reads the index alone
(~3 µs less per check).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_abnormal_listings_open", "abnormal_listings",
                    ["uscc", "removed_on", "listed_on"])
    op.drop_index("ix_abnormal_listings_uscc", table_name="abnormal_listings")
    op.create_index("ix_entity_person_ids_person_hash_uscc", "entity_person_ids",
                    ["person_hash", "uscc"])
    op.drop_index("ix_entity_person_ids_person_hash", table_name="entity_person_ids")


def downgrade() -> None:
    op.create_index("ix_entity_person_ids_person_hash", "entity_person_ids", ["person_hash"])
    op.drop_index("ix_entity_person_ids_person_hash_uscc", table_name="entity_person_ids")
    op.create_index("ix_abnormal_listings_uscc", "abnormal_listings", ["uscc"])
    op.drop_index("ix_abnormal_listings_open", table_name="abnormal_listings")
