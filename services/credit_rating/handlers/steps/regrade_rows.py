"""The batch re-grade's two big reads of a chunk, its entities and their stored grades
(a performance module: a million rows of each per re-grade).

On SQLite they come from the driver as its plain tuples, values as stored: dates as
text, flags as 0 and 1, the factors as their JSON text (what the re-grade compares).
SQLAlchemy's rows put every value of every row through its column's processor, and
that was a quarter of the reading: 0.3 s against 0.15 s for 100,000 grade rows, 0.2 s
against 0.07 s for 100,000 entities. The re-grade needs typed registry facts only where
it grades: an entity with records, or a distinct set of facts of those without any
(:meth:`EntityRows.typed`, the column processors applied once per set of facts).
Elsewhere (PostgreSQL) the rows are SQLAlchemy's, already typed.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Text, select, type_coerce

from services.credit_rating.models import Entity, EntityGrade

ENTITY_FACTS = (Entity.uscc, Entity.established_on, Entity.new_economy, Entity.tolerance_until)
# factors compared as stored text: decoding a million JSON lists costs more than the rest
STORED = (EntityGrade.uscc, EntityGrade.grade, EntityGrade.label, EntityGrade.score,
          EntityGrade.rule_version, EntityGrade.no_penalty_3y,
          type_coerce(EntityGrade.factors, Text).label("factors"), EntityGrade.version)
_ENTITIES_SQL = ("SELECT uscc, established_on, new_economy, tolerance_until FROM entities"
                 " WHERE uscc > ? ORDER BY uscc LIMIT ?")
_STORED_SQL = ("SELECT uscc, grade, label, score, rule_version, no_penalty_3y, factors,"
               " version FROM entity_grades WHERE uscc BETWEEN ? AND ?")


class EntityFactsRow(NamedTuple):
    """An entity's registry facts, typed (what ``entity_facts`` reads by attribute)."""

    uscc: str
    established_on: date
    new_economy: bool
    tolerance_until: date | None


class EntityRows:
    """Reads a re-grade's chunks on one connection (``ENTITY_FACTS`` and ``STORED`` in
    their order, by position) and types the registry facts of the entities it grades."""

    def __init__(self, connection: Any) -> None:  # an AsyncConnection
        self._connection = connection
        dialect = connection.dialect
        self._raw = dialect.name == "sqlite"
        self._processors = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in ENTITY_FACTS[1:]] if self._raw else [None] * 3
        self._typed: dict[tuple, tuple] = {}

    async def _driver_rows(self, sql: str, parameters: tuple) -> list[tuple]:
        driver = (await self._connection.get_raw_connection()).driver_connection
        cursor = await driver.execute(sql, parameters)
        try:
            return await cursor.fetchall()
        finally:
            await cursor.close()

    async def entities(self, after: str, limit: int) -> list[Any]:
        """Up to ``limit`` entities after the USCC ``after``, in USCC order."""
        if self._raw:
            return await self._driver_rows(_ENTITIES_SQL, (after, limit))
        return list((await self._connection.execute(
            select(*ENTITY_FACTS).where(Entity.uscc > after).order_by(Entity.uscc)
            .limit(limit))).all())

    async def stored(self, first: str, last: str) -> list[Any]:
        """The stored grades of the USCC range (an index range scan), in one fetch."""
        if self._raw:
            return await self._driver_rows(_STORED_SQL, (first, last))
        return list((await self._connection.execute(
            select(*STORED).where(EntityGrade.uscc.between(first, last)))).all())

    def typed(self, facts: Any) -> EntityFactsRow:
        """An entity row's facts as their columns' types (once per distinct set)."""
        uscc, *rest = facts
        key = tuple(rest)
        values = self._typed.get(key)
        if values is None:
            values = self._typed[key] = tuple(
                value if process is None or value is None else process(value)
                for process, value in zip(self._processors, rest, strict=True))
        return EntityFactsRow(uscc, *values)
