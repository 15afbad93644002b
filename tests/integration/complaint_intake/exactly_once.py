"""What "each accepted filing processed exactly once" means in rows: for every filing,
no row left waiting, one complaint, one first history step, one audit entry and one
``complaint.received.v1`` (and one routed event for a first complaint)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select

from services.complaint_intake.models import AcceptedFiling, Complaint, HandlingStep
from shared.db import Database
from shared.platform_tables import audit_log, outbox


async def rows_per_filing(db: Database, ids: Iterable[str]) -> dict[str, Counter[str]]:
    """For each table the worker writes (and the waiting filings), how many rows each
    of the filings ``ids`` has there."""
    wanted = sorted(set(ids))
    found: dict[str, Counter[str]] = {}
    async with db.reader() as session:
        for name, column, extra in (
                ("waiting", AcceptedFiling.id, None),
                ("complaints", Complaint.id, None),
                ("steps", HandlingStep.complaint_id, None),
                ("audit", audit_log.c.subject, audit_log.c.action == "complaint.received"),
                ("received", outbox.c.key, outbox.c.topic == "complaint.received.v1"),
                ("routed", outbox.c.key, outbox.c.topic == "complaint.routed.v1")):
            counted: Counter[str] = Counter()
            for start in range(0, len(wanted), 500):  # bounded IN lists
                query = select(column, func.count()).where(
                    column.in_(wanted[start:start + 500])).group_by(column)
                if extra is not None:
                    query = query.where(extra)
                counted.update(dict((await session.execute(query)).all()))
            found[name] = counted
        firsts = set()
        for start in range(0, len(wanted), 500):
            firsts |= set((await session.scalars(select(Complaint.id).where(
                Complaint.id.in_(wanted[start:start + 500]),
                Complaint.duplicate_of.is_(None)))).all())
    found["firsts"] = Counter(firsts)
    return found


def problems(found: dict[str, Counter[str]], ids: Iterable[str]) -> list[str]:
    """What is wrong with ``rows_per_filing``'s answer (nothing: an empty list)."""
    wrong = []
    for filing in set(ids):
        first = found["firsts"][filing] == 1
        expected = {"waiting": 0, "complaints": 1, "steps": 1, "audit": 1, "received": 1,
                    "routed": 1 if first else 0}
        for table, count in expected.items():
            if found[table][filing] != count:
                wrong.append(f"{filing}: {found[table][filing]} {table}, not {count}")
    return wrong
