"""A case's version (issue 20.1): every event of a case's status (opened, transferred,
accepted, returned, delivered to and decided by the police, concluded) carries how many
such events the case has announced, so an integrator that keeps a copy of the case keeps
the newest whatever the order it receives them in. A new case is announced at version 1;
each later event raises it in SQL (``version + 1``, under the row's lock, so two writers
of one case never announce the same number). ``case.overdue.v1`` and
``case.supervised.v1`` are signals about a deadline or an instruction, not the case's
status: they carry none."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from services.case_transfer.models import Case

FIRST = 1
_CASES = Case.__table__


async def next_version(session: AsyncSession, case: Case) -> int:
    """Raise the stored version of ``case`` by one and return it (the object holds it as
    committed state)."""
    await session.flush()
    raised = (await session.execute(
        update(_CASES).where(_CASES.c.id == case.id)
        .values(version=_CASES.c.version + 1).returning(_CASES.c.version))).scalar_one()
    set_committed_value(case, "version", raised)
    return int(raised)
