"""A notice's version (issue 20.1): ``notice.published.v1`` and ``notice.withdrawn.v1``
carry how many times the notice's state was announced, so an integrator that keeps a copy
keeps the newest whatever the order it receives them in. A notice that goes up at once is
written with version 1; every later announcement (up after being held, completed by its
second event, taken down) raises it in SQL (``version + 1``, under the row's lock, so two
writers of one notice never announce the same number)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from services.public_notice.models import Notice

FIRST = 1
_NOTICES = Notice.__table__


async def next_version(session: AsyncSession, notice: Notice) -> int:
    """Raise the stored version of ``notice`` by one and return it (the object holds it
    as committed state)."""
    await session.flush()
    raised = (await session.execute(
        update(_NOTICES).where(_NOTICES.c.id == notice.id)
        .values(version=_NOTICES.c.version + 1).returning(_NOTICES.c.version))).scalar_one()
    set_committed_value(notice, "version", raised)
    return int(raised)
