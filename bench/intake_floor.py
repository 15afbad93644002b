"""The floor under public intake: raw ``sqlite3`` doing only the database work the
intake did, replayed on the database as it was before the run, in two parts.

After the load, the complaints the run filed (``filed_by = 'public'``) are read back
with their reporter identities, handling steps, audit entries and outbox events, and
the accepted filing each came from is rebuilt (the same columns, the sealed identity
included). A copy of the database taken before the run then gets them again in the
service's shape:

- **accept**: the filings inserted, one ``executemany`` and commit per group of
  ``group`` (the requests in flight: a group commit);
- **process**: the worker's transactions of ``batch`` filings: the claim read, per
  filing the subject, reporter-standing and duplicate-candidate reads, one
  ``executemany`` per table written, and the filings deleted.

Each part's time per filing is what the database alone costs a server that does
nothing else: no HTTP, validation, encryption, hashing, events or Kafka.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from dataclasses import dataclass
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
_FILING = ("id", "receipt_code", "kind", "channel", "category", "region", "uscc",
           "subject_name", "subject_address", "description", "attachments",
           "internal_whistleblower", "received_at", "received_on", "filed_by")
_SEALED = ("key_id", "nonce", "ciphertext", "reporter_index",
           *(f"{name}_index" for name in IDENTIFIERS))
_TRACEPARENT = "00-" + "0" * 31 + "1-" + "0" * 15 + "1-01"  # as long as a real one


@dataclass(frozen=True)
class Floor:
    """Microseconds of raw ``sqlite3`` per filing: accepting it, and processing it."""

    accept_us: float
    process_us: float


def database_floor(filed_db: Path, before_db: Path, group: int, batch: int,
                   rules: ComplaintRules) -> Floor:
    """The floor of the filings the intake stored in ``filed_db``, replayed on
    ``before_db`` (changed: it takes the rows) in groups of ``group`` and worker
    batches of ``batch``, with the windows of ``rules`` (the intake context's)."""
    filings, belonging, identifiers_at = _filed(filed_db)
    db = sqlite3.connect(before_db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536",
                   "mmap_size=268435456"):  # as shared.db sets them
        db.execute(f"PRAGMA {pragma}")
    reads = [_sql(s) for s in (MIRRORED_BY_USCC, MARKS_AND_FILINGS,
                               FIRSTS_IN_WINDOW.limit(EXACT_UP_TO + 1))]
    started = time.perf_counter()
    for start in range(0, len(filings), group):
        db.execute("BEGIN IMMEDIATE")
        _insert(db, "filings", [f["filing"] for f in filings[start:start + group]])
        db.execute("COMMIT")
    accepted = time.perf_counter()
    for start in range(0, len(filings), batch):
        _process(db, filings[start:start + batch], belonging, identifiers_at, rules, reads)
    processed = time.perf_counter()
    db.close()
    count = max(len(filings), 1)
    return Floor((accepted - started) / count * 1e6, (processed - accepted) / count * 1e6)


def _process(db: sqlite3.Connection, batch: list[dict], belonging: dict,
             identifiers_at: dict[str, int], rules: ComplaintRules,
             reads: list[tuple[str, list[str]]]) -> None:
    """One worker transaction over ``batch``, as the worker runs it."""
    subject, standing, candidates = reads
    db.execute("BEGIN IMMEDIATE")
    db.execute("SELECT * FROM filings ORDER BY id LIMIT ?", (len(batch),)).fetchall()
    for complaint in batch:
        db.execute(subject[0], _args(subject[1], uscc=complaint["uscc"])).fetchall()
        for identity in belonging["reporter_identities"].get(complaint["id"], ()):
            since = date.fromisoformat(complaint["received_on"]) \
                - timedelta(days=rules.rate_limits.profit_driven.within_days)
            db.execute(standing[0], _args(  # param_1: the NULL "entity" of a mark
                standing[1], **{name: identity[at] for name, at in identifiers_at.items()},
                since=since.isoformat(), param_1=None)).fetchall()
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
    db.executemany("DELETE FROM filings WHERE id = ?", [(c["id"],) for c in batch])
    db.execute("COMMIT")


def _filed(path: Path) -> tuple[list[dict], dict[str, dict[str, list[tuple]]],
                                dict[str, int]]:
    """The run's complaints in filing order (each with the filing it came from), each
    other table's rows by complaint, and where a reporter identity row holds each
    identifier's blind index."""
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
    columns = [d[0] for d in db.execute("SELECT * FROM filings LIMIT 0").description]
    db.close()
    for complaint in filings:
        identities = belonging["reporter_identities"].get(complaint["id"])
        sealed = dict.fromkeys(_SEALED) if not identities else {
            name: identities[0][names.index(name)] for name in _SEALED}
        values = {**{name: complaint[name] for name in _FILING}, **sealed,
                  "traceparent": _TRACEPARENT, "attempts": 0, "retry_at": None}
        complaint["filing"] = tuple(values[name] for name in columns)
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
