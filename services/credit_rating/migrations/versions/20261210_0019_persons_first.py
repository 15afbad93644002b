"""逢办必查 of a person starts from the person: the entities they are legal representative
of (by name) or a responsible person of (by keyed hash), then whether each is or may be
blacklisted. Without an index led by the name or the hash, the read started from every
blacklisted entity and every entity three years on the 经营异常名录 instead (8.4 + 6.8 +
6.1 ms per check at 200,000 entities).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_entities_legal_representative", "entities", ["legal_representative"])
    op.create_index("ix_entity_responsible_persons_person_hash_uscc",
                    "entity_responsible_persons", ["person_hash", "uscc"])


def downgrade() -> None:
    op.drop_index("ix_entity_responsible_persons_person_hash_uscc",
                  table_name="entity_responsible_persons")
    op.drop_index("ix_entities_legal_representative", table_name="entities")
