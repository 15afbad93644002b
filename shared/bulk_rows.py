"""Many rows into one table with one statement, the cheapest way each database takes them.

SQLAlchemy builds and processes a parameter dict per row: most of the cost of a bulk
import of the registry, and of a group commit of complaints. On SQLite the rows go to
the driver's ``executemany`` as plain tuples instead, each value through its column's
bind processor, so what is stored is what Core would store; other databases get Core's
executemany. :func:`insert_dicts` takes rows as dicts with the same keys. A caller that
builds many rows from a few templates puts each template through the processors once
(:func:`stored_values`) and says so (``stored=True``).

A ``WITHOUT ROWID`` table is a B-tree in primary-key order: rows given in any other
order (a registry import comes in the file's order) land on pages all over it, so on
SQLite they are inserted sorted by their key, each page touched in one pass. Which row
goes in first is seen nowhere in such a table (there is no rowid to number them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

from shared.sqlite_text import cheap_processor

Processor = Callable[[Any], Any] | None


async def insert_rows(session: AsyncSession, table: Table, columns: Sequence[str],
                      rows: Sequence[tuple], *, stored: bool = False) -> None:
    """INSERT ``rows`` (values in ``columns`` order) into ``table`` with one executemany.

    ``stored``: the rows' values already went through :func:`stored_values` (on SQLite
    they are what the driver takes; elsewhere they are the plain values)."""
    if not rows:
        return
    connection = await session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        await session.execute(insert(table), [dict(zip(columns, row, strict=True))
                                              for row in rows])
        return
    sql, processors, key = _statement(table, tuple(columns), dialect)
    if not stored and any(processors):
        values = [column if process is None else _processed(column, process)
                  for column, process in zip(zip(*rows, strict=True), processors, strict=True)]
        rows = list(zip(*values, strict=True))
    if key is not None and len(rows) > 1:
        rows = sorted(rows, key=key)
    await connection.exec_driver_sql(sql, rows)


async def stored_values(session: AsyncSession, table: Table, columns: Sequence[str],
                        values: tuple) -> tuple:
    """``values`` (in ``columns`` order) as ``insert_rows`` would hand them to the driver:
    through their columns' bind processors on SQLite, as they are elsewhere."""
    dialect = (await session.connection()).dialect
    if dialect.name != "sqlite":
        return values
    processors = _statement(table, tuple(columns), dialect)[1]
    return tuple(value if process is None else process(value)
                 for value, process in zip(values, processors, strict=True))


def _statement(table: Table, columns: tuple[str, ...],
               dialect: Dialect) -> tuple[str, list[Processor], Callable[[tuple], Any] | None]:
    """The INSERT, the columns' bind processors and, for a ``WITHOUT ROWID`` table whose
    key is among ``columns``, the key of a row; made once per table and columns."""
    cache = (table, columns, dialect.name)
    found = _statements.get(cache)
    if found is None:
        quote = dialect.identifier_preparer.quote
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
               f"VALUES ({', '.join('?' * len(columns))})")
        keys = [c.key for c in table.primary_key.columns]
        key = None
        if table.dialect_options["sqlite"].get("with_rowid", True) is False and keys \
                and all(k in columns for k in keys):
            key = itemgetter(*(columns.index(k) for k in keys))
        found = _statements[cache] = (sql, [
            cheap_processor(table.c[c].type, dialect) for c in columns], key)
    return found


_statements: dict[tuple[Table, tuple[str, ...], str], tuple[str, list, Any]] = {}


async def insert_dicts(session: AsyncSession, table: Table,
                       rows: Sequence[dict[str, Any]]) -> None:
    """``insert_rows`` of dict rows, all with the keys of the first."""
    if rows:
        columns = list(rows[0])
        values = itemgetter(*columns)  # a row's values in order, in C
        await insert_rows(session, table, columns, list(map(values, rows))
                          if len(columns) > 1 else [(row[columns[0]],) for row in rows])


def _processed(values: Sequence[Any], process: Callable[[Any], Any]) -> list[Any]:
    """``process`` of each value, made once per distinct object: a batch shares its
    timestamps, its dates and the factors of alike grades. (The rows hold every value,
    so no ``id`` is reused meanwhile.)"""
    ids = list(map(id, values))
    distinct = dict(zip(ids, values, strict=True))
    if len(distinct) == 1:  # one timestamp for the batch, say
        return [process(values[0])] * len(values)
    done = {key: process(value) for key, value in distinct.items()}
    return list(map(done.__getitem__, ids))
