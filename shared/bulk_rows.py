"""Many rows into one table with one statement, the cheapest way each database takes them.

SQLAlchemy builds and processes a parameter dict per row: most of the cost of a bulk
import of the registry, and of a group commit of complaints. On SQLite the rows go to
the driver's ``executemany`` as plain tuples instead, each value through its column's
bind processor, so what is stored is what Core would store; other databases get Core's
executemany. :func:`insert_dicts` takes rows as dicts with the same keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_rows(session: AsyncSession, table: Table, columns: Sequence[str],
                      rows: Sequence[tuple]) -> None:
    """INSERT ``rows`` (values in ``columns`` order) into ``table`` with one executemany."""
    if not rows:
        return
    connection = await session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        await session.execute(insert(table), [dict(zip(columns, row, strict=True))
                                              for row in rows])
        return
    sql, processors = _statement(table, tuple(columns), dialect)
    if any(processors):
        values = [column if process is None else _processed(column, process)
                  for column, process in zip(zip(*rows, strict=True), processors, strict=True)]
        rows = list(zip(*values, strict=True))
    await connection.exec_driver_sql(sql, rows)


def _statement(table: Table, columns: tuple[str, ...],
               dialect: Dialect) -> tuple[str, list[Callable[[Any], Any] | None]]:
    """The INSERT and the columns' bind processors, made once per table and columns."""
    key = (table, columns, dialect.name)
    found = _statements.get(key)
    if found is None:
        quote = dialect.identifier_preparer.quote
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
               f"VALUES ({', '.join('?' * len(columns))})")
        found = _statements[key] = (sql, [
            table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns])
    return found


_statements: dict[tuple[Table, tuple[str, ...], str], tuple[str, list]] = {}


async def insert_dicts(session: AsyncSession, table: Table,
                       rows: Sequence[dict[str, Any]]) -> None:
    """``insert_rows`` of dict rows, all with the keys of the first."""
    if rows:
        columns = list(rows[0])
        await insert_rows(session, table, columns,
                          [tuple(row[c] for c in columns) for row in rows])


def _processed(values: Sequence[Any], process: Callable[[Any], Any]) -> list[Any]:
    """``process`` of each value, made once per distinct object: a batch shares its
    timestamps, its dates and the factors of alike grades. (The rows hold every value,
    so no ``id`` is reused meanwhile.)"""
    distinct = dict(zip(map(id, values), values, strict=True))
    done = {key: process(value) for key, value in distinct.items()}
    return list(map(done.__getitem__, map(id, values)))
