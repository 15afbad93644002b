"""A subject named without a USCC is looked up by the prefix of its name (``name_key LIKE
'青岛海岸%'``). PostgreSQL seeks a plain b-tree index for that only under the C
collation; a database created with a linguistic one (``zh_CN.UTF-8``, ICU ``zh-CN``,
the ``en_US.utf8`` of the official image) read the whole mirror for every prefix
tried. The index is rebuilt with ``varchar_pattern_ops`` (code-point order), which
serves the prefix and the equality the lookup also uses. SQLite is left as it is: its
lookup is a range on the plain index (``subjects.sharing_prefix``).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_entity_mirror_name_key"


def _rebuild(**dialect_options: object) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(INDEX, table_name="entity_mirror")
    op.create_index(INDEX, "entity_mirror", ["name_key"], **dialect_options)


def upgrade() -> None:
    _rebuild(postgresql_ops={"name_key": "varchar_pattern_ops"})


def downgrade() -> None:
    _rebuild()
