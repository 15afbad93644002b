"""Finding the first complaint a new one repeats (重复投诉, CP-1).

Candidates come from the index on (entity, category, received_on) within the window:
first complaints only (a duplicate links to the first), of the new one's kind, still
open (a complaint refused or closed is not a task a repeat can join: the repeat opens
its own). When there are at most
``EXACT_UP_TO`` of them, every one is compared with the description. Beyond that (an
entity with a flood of complaints) the database keeps only those that agree with the new
text on at least one LSH band (``substr`` of the stored 8-byte band digests, evaluated in
the database on SQLite and PostgreSQL alike), so the check stays fast however many
complaints are stored. ``CANDIDATE_CAP`` bounds the rows compared. The common read (a
few rows) runs on the driver (``Database.point_read``), outside any transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, bindparam, func, or_, select

from services.complaint_intake.domain.duplicates import (
    FiledComplaint,
    bucket_keys,
    first_duplicate,
    pack_buckets,
)
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.models import Complaint
from shared.db import Database

EXACT_UP_TO = 50
CANDIDATE_CAP = 5000
_BAND = 8  # bytes per band digest in Complaint.buckets
_table = Complaint.__table__.c
FIRSTS_IN_WINDOW = select(_table.id, _table.description, _table.received_on,
                          _table.department).where(
    _table.entity_key == bindparam("entity"), _table.category == bindparam("category"),
    _table.received_on >= bindparam("since"), _table.duplicate_of.is_(None),
    _table.kind == bindparam("kind"), _table.closed_on.is_(None),
).order_by(_table.received_on, _table.received_at)
_FIRST_FEW = FIRSTS_IN_WINDOW.limit(EXACT_UP_TO + 1)


@dataclass(frozen=True)
class DuplicateCheck:
    """The first complaint repeated (its id, or None) and the department handling it,
    and the new text's bucket digests when the lookup needed them (to be stored with
    it; None otherwise)."""

    first: str | None
    buckets: bytes | None
    department: str | None = None


async def first_of(db: Database, new: FiledComplaint, rules: ComplaintRules) -> DuplicateCheck:
    """The earliest stored complaint ``new`` repeats.

    Up to ``EXACT_UP_TO`` candidates are compared in full. Beyond that the new text's
    MinHash buckets are computed and the database keeps the candidates sharing a band,
    and those without buckets (filed while the group was small, so few).
    """
    window = {"entity": new.entity, "category": new.category, "kind": new.kind,
              "since": new.received_on - timedelta(days=rules.duplicates.window_days)}
    rows = await db.point_read(_FIRST_FEW).all(**window)
    buckets = None
    if len(rows) > EXACT_UP_TO:
        buckets = pack_buckets(bucket_keys(new.description, rules))
        if not buckets:
            return DuplicateCheck(None, buckets)
        async with db.reader() as session:
            rows = (await session.execute(
                FIRSTS_IN_WINDOW.where(or_(_table.buckets.is_(None),
                                           _shares_a_band(_table.buckets, buckets)))
                .limit(CANDIDATE_CAP), window)).all()
    found = first_duplicate(new, (FiledComplaint(new.entity, new.category, row.received_on,
                                                 row.description, new.kind)
                                  for row in rows), rules)
    if found is None:
        return DuplicateCheck(None, buckets)
    return DuplicateCheck(rows[found].id, buckets, rows[found].department)


def _shares_a_band(column: ColumnElement[bytes], buckets: bytes) -> ColumnElement[bool]:
    return or_(*(func.substr(column, start + 1, _BAND) == buckets[start:start + _BAND]
                 for start in range(0, len(buckets), _BAND)))
