"""Versions of announced states (issue 20.1): each event that carries a state for copies
kept elsewhere carries the version of that state, which only grows for its subject.

One sequence per kind of state, kept in the row that holds it (``version`` of ``entities``,
``entity_grades``, the blacklist row of ``credit_list_entries``, ``abnormal_listings``):
a consumer keeps one version per kind anyway (a grade event says nothing of the registry
data), and the number is raised by the statement that writes the change, or one beside
it in the same transaction. A new row announced at once is written with version 1.
Raising it in SQL (``version + 1``) takes the row's lock: a concurrent writer of the same
row waits and gets the next number, so no two announcements share one.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.versions import FIRST, next_version

__all__ = ["FIRST", "next_version", "versions_of"]


async def versions_of(session: AsyncSession, table: Table,
                      usccs: Sequence[str]) -> dict[str, int]:
    """The stored versions of the rows of ``usccs`` (after this transaction raised them:
    the rows are locked by it, so these are its own numbers)."""
    if not usccs:
        return {}
    found = await session.execute(select(table.c.uscc, table.c.version)
                                  .where(table.c.uscc.in_(list(usccs))))
    return {uscc: int(version) for uscc, version in found}
