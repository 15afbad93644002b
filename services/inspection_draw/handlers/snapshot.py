"""The roster snapshot of a task (名录库快照): the mirrored objects in the task's population,
each with its "already randomly inspected this year" flag, in USCC order.

One ordered read of the mirror: the database already holds every object's canonical line
prefix, stratum label and BLAKE2b key (``domain.mirror``), so a million objects cost one
query, one SHA-256 over the joined lines and a few numpy conversions. The lines are kept
(zlib) with the commitment; ``RosterCache`` keeps the prepared arrays for the draw that
follows in the same process, and ``from_stored`` rebuilds them in any other.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import Select, case, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.domain.mirror import stratum_from_label
from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.roster import roster_from_lines
from services.inspection_draw.models import InspectionHistory, InspectionObject

OBJECTS = InspectionObject.__table__
UNGRADED = "ungraded"


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A prepared roster and its canonical lines, zlib-compressed for storage."""

    prepared: PreparedRoster
    compressed: bytes


def population_filter(population: dict[str, Any]) -> list[Any]:
    """SQL conditions of a task's population: regions (exact), industries (prefix), grades."""
    conditions: list[Any] = [OBJECTS.c.registered.is_(True)]
    if population.get("regions"):
        conditions.append(OBJECTS.c.region.in_(population["regions"]))
    if population.get("industries"):
        conditions.append(or_(*(OBJECTS.c.industry.startswith(p, autoescape=True)
                                for p in population["industries"])))
    if population.get("grades"):
        letters = [g for g in population["grades"] if g != UNGRADED]
        either = [OBJECTS.c.grade.in_(letters)] if letters else []
        if UNGRADED in population["grades"]:
            either.append(OBJECTS.c.grade.is_(None))
        conditions.append(or_(*either))
    return conditions


def roster_query(population: dict[str, Any], year: int, postgres: bool,
                 ignore_draw: str | None = None) -> Select[Any]:
    """The snapshot's one ordered read: USCC, canonical line, key, stratum label, flag."""
    history = select(InspectionHistory.uscc).where(InspectionHistory.year == year)
    if ignore_draw is not None:
        history = history.where(InspectionHistory.draw_id != ignore_draw)
    seen = history.distinct().subquery()
    inspected = seen.c.uscc.is_not(None)
    line = OBJECTS.c.line + case((inspected, "true]"), else_="false]")
    order = literal_column('inspection_objects.uscc COLLATE "C"') if postgres else OBJECTS.c.uscc
    return (select(OBJECTS.c.uscc, line, OBJECTS.c.uscc_key, OBJECTS.c.stratum, inspected)
            .select_from(OBJECTS.outerjoin(seen, seen.c.uscc == OBJECTS.c.uscc))
            .where(*population_filter(population)).order_by(order))


async def read_snapshot(session: AsyncSession, population: dict[str, Any], year: int,
                        postgres: bool, ignore_draw: str | None = None) -> Snapshot:
    """The task's roster in one ordered read; the year's random inspections flag objects
    (except those of ``ignore_draw``, the draw a redraw replaces)."""
    query = roster_query(population, year, postgres, ignore_draw)
    connection = await session.connection()
    with gc_paused():
        rows = (await connection.execute(query)).cursor.fetchall()  # tuples, no Row objects
        return await snapshot_from_rows(rows)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a million rows are made: the collector would
    walk every live object several times over (tuples of atoms cannot form cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


async def snapshot_from_rows(rows: list[tuple[str, str, int, str, bool]]) -> Snapshot:
    """Rows of ``roster_query`` as a snapshot. The canonical text is hashed and compressed
    on worker threads (both release the GIL) while the arrays are built here, so it is
    joined first, straight from the rows (no list of lines; the empty last item gives the
    final newline without copying the text again)."""
    text = "\n".join(chain(map(itemgetter(1), rows), ("",))).encode("utf-8")
    digest = asyncio.ensure_future(asyncio.to_thread(lambda: hashlib.sha256(text).hexdigest()))
    compressed = asyncio.ensure_future(asyncio.to_thread(zlib.compress, text, 1))
    count = len(rows)
    usccs = tuple(map(itemgetter(0), rows))
    signed = np.fromiter(map(itemgetter(2), rows), dtype=np.int64, count=count)
    labels = list(map(itemgetter(3), rows))
    inspected = np.fromiter(map(itemgetter(4), rows), dtype=bool, count=count)
    del rows[:]  # the caller's list too: a million tuples go now, while the threads work
    strata = {label: stratum_from_label(label) for label in set(labels)}
    prepared = PreparedRoster.from_snapshot("", usccs, signed.view(np.uint64), labels, strata,
                                            inspected)  # the hash is awaited last
    return Snapshot(replace(prepared, known_hash=await digest), await compressed)


def lines_of(stored: bytes) -> tuple[str, ...]:
    """The canonical lines of a stored (compressed) snapshot."""
    text = zlib.decompress(stored).decode("utf-8")
    return tuple(text.splitlines())


def from_stored(stored: bytes) -> PreparedRoster:
    """The prepared roster of a stored snapshot (slow path: parses every line)."""
    return PreparedRoster.from_entries(roster_from_lines(lines_of(stored)))


class RosterCache:
    """Prepared rosters of recent commitments in this process (commitment id → roster)."""

    def __init__(self, size: int = 2) -> None:
        self._size = size
        self._items: OrderedDict[str, PreparedRoster] = OrderedDict()

    def put(self, commitment_id: str, prepared: PreparedRoster) -> None:
        self._items[commitment_id] = prepared
        self._items.move_to_end(commitment_id)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def take(self, commitment_id: str) -> PreparedRoster | None:
        return self._items.pop(commitment_id, None)

    def clear(self) -> None:
        self._items.clear()
