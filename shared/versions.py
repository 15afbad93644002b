"""Versions of announced states (状态版本, issue 20.1).

An event that carries a subject's state for copies kept elsewhere (credit-rating's registry,
grade and lists, a case's status, a notice) carries that state's version, which only grows
for its subject: whoever keeps a copy applies an event only when its version is newer than
the one it holds, and so ends in the producer's state whatever the order of delivery. The
producer keeps the number in the row that holds the state (a ``version`` column), writes a
new row announced at once with :data:`FIRST`, and raises it with :func:`next_version` in
the same transaction as the change: in SQL (``version + 1``), which takes the row's lock,
so two writers of one subject never announce the same number.
"""

from __future__ import annotations

from sqlalchemy import inspect as inspect_row
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

FIRST = 1
"""The version of a row's first announced state."""


async def next_version(session: AsyncSession, row: object) -> int:
    """Raise the stored ``version`` of ``row`` (a mapped object) by one and return it; the
    object holds the new number as its committed state."""
    await session.flush()  # the row (and the change announced) is in the database
    state = inspect_row(row)
    table = state.mapper.local_table
    key = zip(state.mapper.primary_key, state.identity, strict=True)
    raised = (await session.execute(
        update(table).where(*(column == value for column, value in key))
        .values(version=table.c.version + 1).returning(table.c.version))).scalar_one()
    set_committed_value(row, "version", raised)
    return int(raised)
