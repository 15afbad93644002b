"""One-row reads on the driver itself (单行快读), for the few reads on every request's path.

A primary-key lookup costs SQLite about 10 µs; through an ORM session the same lookup
costs ~240 µs (session, greenlet switches, result machinery), and through a Core
connection ~160 µs. For SQLite, :class:`PointRead` compiles a ``select`` once and runs
it straight on a dedicated read-only ``sqlite3`` connection (WAL: it sees every
committed write at once, and never blocks a writer); each column's value goes
through the result processor SQLAlchemy would apply, so the row reads the same as
from a session (dates, booleans, JSON). PostgreSQL's answer comes over the network
anyway: there the statement runs on a pooled Core connection (no ORM session).

The read connection has no busy timeout: when another connection holds the database
locked so that even reading must wait (an exclusive lock), the read is tried again off
the loop (:func:`shared.sqlite_inline.off_the_loop`) instead of stalling it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.sqlite_inline import is_busy, off_the_loop

if TYPE_CHECKING:
    from shared.db import Database


def cache_pages(cursor: sqlite3.Cursor) -> None:
    """SQLite's default page cache is 2 MB; a registry of a million entities is hundreds
    of MB, and each read would fetch its B-tree pages from the kernel again (a system
    call per page). 64 MB per connection, and reads by mmap. Every SQLite connection of
    the suite gets this, the point reads' own included."""
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA mmap_size=1073741824")

Processor = Callable[[Any], Any] | None


class PointRead:
    """``await db.point_read(statement).first(uscc=…)``: the row (a named tuple) or None;
    ``.all(…)``: every row, for short indexed reads (a few dozen rows at most)."""

    def __init__(self, db: Database, statement: Select) -> None:
        self._engine: AsyncEngine = db.engine
        self._statement = statement
        self._sqlite: sqlite3.Connection | None = None
        if not db.sqlite:
            return
        dialect = db.engine.dialect
        compiled = statement.compile(dialect=dialect)
        self._sql = str(compiled)
        self._order = list(compiled.positiontup or ())
        self._constants = {key: value for key, value in compiled.params.items()
                           if not compiled.binds[key].required}
        self._binders: dict[str, Processor] = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in compiled.binds.items()}
        self._binders = {name: bind for name, bind in self._binders.items()
                         if bind is not None}
        # the arguments with the constants in place; the caller's go in by position
        self._template = [self._constants.get(name) for name in self._order]
        self._given = [(index, name, self._binders.get(name))
                       for index, name in enumerate(self._order)
                       if name not in self._constants]
        columns = statement.selected_columns
        self._processors: list[Processor] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in columns]
        self._row = NamedTuple("Row", [(column.key, Any) for column in columns])  # type: ignore[misc]
        path = self._path = db.url.split("///", 1)[-1]
        self._sqlite = sqlite3.connect(path, timeout=0, check_same_thread=False,
                                       isolation_level=None)
        self._sqlite.execute("PRAGMA query_only=ON")
        cache_pages(self._sqlite.cursor())

    def _arguments(self, params: Mapping[str, Any]) -> list[Any]:
        arguments = self._template.copy()
        for index, name, bind in self._given:
            value = params[name]
            arguments[index] = value if bind is None or value is None else bind(value)
        return arguments

    def _shape(self, raw: Any) -> Any:
        if raw is None:
            return None
        return self._row(*(value if process is None or value is None else process(value)
                           for process, value in zip(self._processors, raw, strict=True)))

    async def first(self, **params: Any) -> Any:
        if self._sqlite is not None:
            # inline on the loop, like every SQLite call of the suite: ~10 µs
            connection, arguments = self._sqlite, self._arguments(params)
            try:
                raw = connection.execute(self._sql, arguments).fetchone()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                raw = await off_the_loop(
                    lambda: connection.execute(self._sql, arguments).fetchone(), self._path)
            return self._shape(raw)
        async with self._engine.connect() as conn:
            return (await conn.execute(self._statement, params)).first()

    async def all(self, **params: Any) -> list[Any]:
        if self._sqlite is not None:
            connection, arguments = self._sqlite, self._arguments(params)
            try:
                raws = connection.execute(self._sql, arguments).fetchall()
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                raws = await off_the_loop(
                    lambda: connection.execute(self._sql, arguments).fetchall(), self._path)
            return [self._shape(raw) for raw in raws]
        async with self._engine.connect() as conn:
            return list((await conn.execute(self._statement, params)).all())

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
