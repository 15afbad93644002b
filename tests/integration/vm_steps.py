"""The work one statement does on SQLite, counted in virtual-machine steps (not time).

SQLite plans without statistics (no ANALYZE is ever run on a service's database): given
an equality on a column that picks out a few rows and another on a column that half the
table shares (a status, a kind), it may walk the index of the second. With empty tables
nothing shows it. A test fills a migrated database with the rows a question is about,
counts the steps of the service's own statement, adds a hundred times as many rows about
other things, and counts again: the count must not grow with them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Executable, create_engine, insert
from sqlalchemy.dialects import sqlite

from shared.migrations import upgrade

STEP = 10  # the progress handler is called every STEP virtual-machine instructions


def migrated(service: str, folder: Path) -> tuple[str, sqlite3.Connection]:
    """``service``'s database migrated to head in ``folder``: its path, and a connection."""
    path = folder / f"{service}.db"
    upgrade(service, f"sqlite+aiosqlite:///{path}")
    return str(path), sqlite3.connect(path)


def alone_and_among(folders: Any, fill: Callable[[Path, int], sqlite3.Connection],
                    others: int) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    """A module fixture's two databases (``yield from`` it): ``fill`` with only the rows
    asked about, and with ``others`` unrelated rows besides (``folders``: pytest's
    ``tmp_path_factory``)."""
    alone = fill(folders.mktemp("alone"), 0)
    among = fill(folders.mktemp("among"), others)
    try:
        yield alone, among
    finally:
        alone.close()
        among.close()


def add_rows(path: str, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table`` (a model's ``__table__``) through SQLAlchemy, so that
    dates, JSON and column defaults are stored as the service stores them."""
    if not rows:
        return
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.execute(insert(table), rows)
    finally:
        engine.dispose()


def _bound(statement: Executable, values: dict[str, Any]) -> tuple[str, list[Any]]:
    """``statement`` compiled for SQLite, and its arguments as the driver receives them."""
    compiled = statement.compile(dialect=sqlite.dialect())
    state = compiled.construct_expanded_state(values)
    processors = state.processors or {}
    arguments = []
    for name in state.positiontup or ():
        value = state.parameters[name]
        processor = processors.get(name)
        arguments.append(processor(value) if processor is not None else value)
    return state.statement, arguments


def steps_of(conn: sqlite3.Connection, statement: Executable,
             **values: Any) -> tuple[int, list[tuple[Any, ...]]]:
    """Run ``statement`` (compiled for SQLite, as the service runs it) with ``values`` for
    its bound parameters: the steps it took (in units of ``STEP``) and the rows it gave."""
    sql, arguments = _bound(statement, values)
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    conn.set_progress_handler(tick, STEP)
    try:
        rows = conn.execute(sql, arguments).fetchall()
    finally:
        conn.set_progress_handler(None, STEP)
    return count[0], rows


def plan_of(conn: sqlite3.Connection, statement: Executable, **values: Any) -> str:
    """SQLite's query plan of ``statement`` (for the message of a failed assertion)."""
    sql, arguments = _bound(statement, values)
    return " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, arguments))


def assert_does_not_grow(alone: sqlite3.Connection, among: sqlite3.Connection,
                         statement: Executable, expected: int, **values: Any) -> None:
    """``statement`` finds the ``expected`` rows in both databases, and among the others
    takes at most about the steps it takes alone (twice, plus a little slack)."""
    steps_alone, rows_alone = steps_of(alone, statement, **values)
    steps_among, rows_among = steps_of(among, statement, **values)
    assert len(rows_alone) == len(rows_among) == expected, (rows_alone, rows_among)
    assert steps_among <= 2 * steps_alone + 5, (
        steps_alone, steps_among, plan_of(among, statement, **values))
