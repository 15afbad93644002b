"""The floor under public intake's throughput: raw ``sqlite3`` doing only the database
work the intake did, replayed on the database as it was before the run.

After the load, the complaints the run filed (``filed_by = 'public'``) are read back
with their reporter identities, handling steps, audit entries and outbox events. A copy
of the database taken before the run then gets them again in the intake's shape: per
filing the subject and reporter-standing reads, and per group of filings one
transaction with each filing's duplicate-candidate read and one ``executemany`` per
table. The time per filing is what the database alone costs a server that does nothing
else: no HTTP, validation, encryption, hashing, events or Kafka.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Select
from sqlalchemy.dialects import sqlite

from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.duplicates import EXACT_UP_TO, FIRSTS_IN_WINDOW
from services.complaint_intake.handlers.reporters import IDENTIFIERS, MARKS_AND_FILINGS
from services.complaint_intake.handlers.subjects import MIRRORED_BY_USCC

# table → the column naming the complaint a row belongs to
_BELONGING = {"reporter_identities": "complaint_id", "handling_steps": "complaint_id",
              "audit_log": "subject", "outbox": "key"}


def database_us_per_filing(filed_db: Path, before_db: Path, group: int,
                           rules: ComplaintRules) -> float:
    """Microseconds of raw ``sqlite3`` per filing the intake stored in ``filed_db``,
    replayed on ``before_db`` (changed: it takes the rows) in groups of ``group``, with
    the windows of ``rules`` (the intake context's: ``bootstrap.build``)."""
    filings, belonging, identifiers_at = _filed(filed_db)
    subject, standing, candidates = (_sql(s) for s in (
        MIRRORED_BY_USCC, MARKS_AND_FILINGS, FIRSTS_IN_WINDOW.limit(EXACT_UP_TO + 1)))
    db = sqlite3.connect(before_db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536",
                   "mmap_size=268435456"):  # as shared.db sets them
        db.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    for start in range(0, len(filings), group):
        batch = filings[start:start + group]
        for complaint in batch:
            db.execute(subject[0], _args(subject[1], uscc=complaint["uscc"])).fetchall()
            for identity in belonging["reporter_identities"].get(complaint["id"], ()):
                since = date.fromisoformat(complaint["received_on"]) \
                    - timedelta(days=rules.rate_limits.profit_driven.within_days)
                db.execute(standing[0], _args(  # param_1: the NULL "entity" of a mark
                    standing[1], **{name: identity[at] for name, at in identifiers_at.items()},
                    since=since.isoformat(),
                    param_1=None)).fetchall()
        db.execute("BEGIN IMMEDIATE")
        for complaint in batch:
            since = date.fromisoformat(complaint["received_on"]) \
                - timedelta(days=rules.duplicates.window_days)
            db.execute(candidates[0], _args(  # param_1, param_2: LIMIT, OFFSET
                candidates[1], entity=complaint["entity_key"], category=complaint["category"],
                kind=complaint["kind"], since=since.isoformat(), param_1=EXACT_UP_TO + 1,
                param_2=0)).fetchall()
        _insert(db, "complaints", [complaint["row"] for complaint in batch])
        for table, rows in belonging.items():
            _insert(db, table, [row for c in batch for row in rows.get(c["id"], ())])
        db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    return seconds / max(len(filings), 1) * 1e6


def _filed(path: Path) -> tuple[list[dict], dict[str, dict[str, list[tuple]]],
                                dict[str, int]]:
    """The run's complaints in filing order, each other table's rows by complaint, and
    where a reporter identity row holds each identifier's blind index."""
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    filings = [{"row": tuple(row), **dict(row)} for row in db.execute(
        "SELECT * FROM complaints WHERE filed_by = 'public' ORDER BY id")]
    db.row_factory = None
    wanted = {f["id"] for f in filings}
    belonging: dict[str, dict[str, list[tuple]]] = {}
    for table, column in _BELONGING.items():
        by_complaint: dict[str, list[tuple]] = defaultdict(list)
        names = [d[0] for d in db.execute(f"SELECT * FROM {table} LIMIT 0").description]
        at = names.index(column)
        for row in db.execute(f"SELECT * FROM {table}"):
            if row[at] in wanted:
                by_complaint[row[at]].append(row)
        belonging[table] = by_complaint
    names = [d[0] for d in db.execute("SELECT * FROM reporter_identities LIMIT 0").description]
    db.close()
    return filings, belonging, {name: names.index(f"{name}_index") for name in IDENTIFIERS}


def _sql(statement: Select) -> tuple[str, list[str]]:
    """The statement as SQLite runs it, and its parameters' names in order."""
    compiled = statement.compile(dialect=sqlite.dialect())
    return str(compiled), list(compiled.positiontup or ())


def _args(names: list[str], **values: object) -> list:
    """The positional arguments of a statement whose parameters are ``names``."""
    return [values[name] for name in names]


def _insert(db: sqlite3.Connection, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ",".join("?" * len(rows[0]))
        db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
