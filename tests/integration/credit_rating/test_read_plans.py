"""The reads about one person, one record or one entity do the same work however many
other entities are listed, applied for or disputed (SQLite, which plans without
statistics).

Each statement is the service's own, counted in virtual-machine steps (``vm_steps``), on
a database holding the entities asked about, then on one that also holds 2,000 other
entities, each blacklisted and three years on the 经营异常名录, with a person behind it,
a repair application and an objection pending past their due day and a listing
proposal. Before, at 200,000 entities: 逢办必查 of a person started from every
blacklisted and every long-abnormal entity (8.4 + 6.8 + 6.1 ms); a repair application's
check for a pending one walked every pending application (3.5 ms); an entity's overdue
repairs, overdue objections and proposals in one status walked all in that status (3.6,
1.6 and 1.3 ms).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Executable

from services.credit_rating.domain.persons import check_character
from services.credit_rating.handlers.blacklisting import proposals_query
from services.credit_rating.handlers.objections import objections_query
from services.credit_rating.handlers.person_check import PersonListing, check_person
from services.credit_rating.handlers.repair import APPLICATIONS_OF, repairs_query
from services.credit_rating.handlers.steps.list_keeping import person_hash
from services.credit_rating.models import (
    AbnormalListing,
    BlacklistProposal,
    CreditListEntry,
    Entity,
    EntityPersonId,
    Objection,
    RepairApplication,
    ResponsiblePerson,
)
from shared.uscc import generate_many
from tests.integration.credit_rating.conftest import make_context
from tests.integration.vm_steps import (
    STEP,
    add_rows,
    alone_and_among,
    assert_does_not_grow,
    migrated,
)

OTHERS = 2_000
CODES = generate_many(OTHERS + 2, seed=1210)
ASKED, BEHIND, OTHER_CODES = CODES[0], CODES[1], CODES[2:]
PERSON = "司马核查"  # ASKED's legal representative, a responsible person of BEHIND
ID_NUMBER = "37021119800101001" + check_character("37021119800101001")  # ASKED's person's
AS_OF = date(2026, 11, 22)
AT = datetime(2026, 11, 22, 8, tzinfo=UTC)
KEY = make_context("sqlite+aiosqlite:///unused.db").person_key


def _about(number: int, uscc: str, representative: str, responsible: str,
           id_number: str) -> dict[Any, list[dict[str, Any]]]:
    """An entity three years on the abnormal list, its persons, and one of each of its
    repair application, objection (both pending past their due day) and proposal."""
    due, ref = date(2026, 11, 1), f"{number:07d}"
    return {
        Entity.__table__: [{
            "uscc": uscc, "name": f"企业{number}", "legal_representative": representative,
            "registered_address": "青岛市黄岛区", "region": "370211", "industry": "C1391",
            "established_on": date(2015, 3, 1), "new_economy": False, "created_at": AT,
            "updated_at": AT}],
        AbnormalListing.__table__: [{
            "id": f"A{ref}", "uscc": uscc, "department": "SCJG", "reason": "未按期公示年报",
            "listed_on": date(2020, 6, 1), "created_at": AT}],
        ResponsiblePerson.__table__: [{
            "uscc": uscc, "person_hash": person_hash(responsible, KEY), "created_at": AT}],
        EntityPersonId.__table__: [{
            "uscc": uscc, "person_hash": person_hash(id_number, KEY),
            "role": "legal_representative", "created_at": AT}],
        RepairApplication.__table__: [{
            "id": f"R{ref}", "uscc": uscc, "record_id": f"REC-{ref}", "department": "SCJG",
            "applied_on": date(2026, 10, 20), "due_on": due, "obligations": "已缴纳罚款",
            "commitment_id": f"CM-{ref}", "status": "pending", "created_at": AT}],
        Objection.__table__: [{
            "id": f"O{ref}", "uscc": uscc, "record_id": f"REC-{ref}", "department": "SCJG",
            "filed_on": date(2026, 10, 20), "due_on": due, "reason": "记录有误",
            "status": "pending", "created_at": AT}],
        BlacklistProposal.__table__: [{
            "id": f"P{ref}", "uscc": uscc, "department": "SCJG", "record_ids": [f"REC-{ref}"],
            "reason": "严重违法", "proposed_on": date(2026, 10, 1), "status": "proposed",
            "created_at": AT}],
    }


def _database(folder: Path, others: int) -> sqlite3.Connection:
    """The others first (each also on the blacklist): a read that walks them cannot stop
    early at the rows asked for."""
    path, conn = migrated("credit_rating", folder)
    tables: dict[Any, list[dict[str, Any]]] = {}
    for i, code in enumerate(OTHER_CODES[:others]):
        for table, rows in _about(10 + i, code, f"代表{i}", f"负责人{i}", f"ID{i}").items():
            tables.setdefault(table, []).extend(rows)
    tables[CreditListEntry.__table__] = [{
        "uscc": code, "list_kind": "blacklist", "listed": True, "reason": "严重违法",
        "record_ids": [], "updated_at": AT} for code in OTHER_CODES[:others]]
    for number, (uscc, representative, responsible) in enumerate(
            [(ASKED, PERSON, "别人"), (BEHIND, "王五", PERSON)], start=1):
        for table, rows in _about(number, uscc, representative, responsible,
                                  ID_NUMBER if uscc == ASKED else "ID-BEHIND").items():
            tables.setdefault(table, []).extend(rows)
    for table, rows in tables.items():
        add_rows(path, table, rows)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # its schema read, not a test's
    return conn


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    yield from alone_and_among(tmp_path_factory, _database, OTHERS)


READS: dict[str, tuple[Executable, dict[str, Any], int]] = {
    # name: (statement, its parameters, how many rows it finds about the asked entity)
    "repair: the record's applications": (APPLICATIONS_OF, {"record_id": "REC-0000001"}, 1),
    "repairs: the entity's overdue": (repairs_query(overdue_on=AS_OF, uscc=ASKED), {}, 1),
    "objections: the entity's overdue": (objections_query(overdue_on=AS_OF, uscc=ASKED), {}, 1),
    "proposals: the entity's proposed": (proposals_query(status="proposed", uscc=ASKED), {},
                                         1),
    "proposals: the entity's in a department": (
        proposals_query(status="proposed", department="SCJG", uscc=ASKED), {}, 1),
}


@pytest.mark.parametrize("read", list(READS))
def test_a_read_about_one_entity_does_not_grow_with_other_entities(
        databases: tuple[sqlite3.Connection, sqlite3.Connection], read: str) -> None:
    statement, values, expected = READS[read]
    alone, among = databases
    assert_does_not_grow(alone, among, statement, expected, **values)


async def _checked(path: Path, person: str) -> tuple[int, list[PersonListing]]:
    """The steps of every statement 逢办必查 of ``person`` runs (on the service's own
    connection) on the database at ``path``, and what it found."""
    ctx = make_context(f"sqlite+aiosqlite:///{path}")
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    try:
        async with ctx.database.reader() as session:
            raw = await (await session.connection()).get_raw_connection()
            conn = raw.driver_connection._conn  # type: ignore[union-attr]  # sqlite_inline's
            conn.set_progress_handler(tick, STEP)
            try:
                found = await check_person(session, ctx.rules, person, department="YJGL",
                                           matter=None, person_key=ctx.person_key,
                                           as_of=AS_OF)
            finally:
                conn.set_progress_handler(None, STEP)
    finally:
        await ctx.database.dispose()
    return count[0], found.listings


@pytest.mark.parametrize(("person", "found"), [
    (PERSON, [(ASKED, "legal_representative"), (BEHIND, "responsible_person")]),
    (ID_NUMBER, [(ASKED, "legal_representative")]),
], ids=["by name", "by ID number"])
async def test_a_person_check_starts_from_the_person(
        databases: tuple[sqlite3.Connection, sqlite3.Connection], person: str,
        found: list[tuple[str, str]]) -> None:
    """Each of the 2,000 others is blacklisted and three years on the abnormal list."""
    files = [Path(conn.execute("PRAGMA database_list").fetchone()[2]) for conn in databases]
    (alone, listed_alone), (among, listed_among) = [
        await _checked(path, person) for path in files]

    assert [(e.uscc, e.role) for e in listed_alone] == found
    assert listed_among == listed_alone
    assert among <= 2 * alone + 5, (alone, among)
