"""Batch re-grade (批量重评): every entity under the current rule set (CR-3).

Run when a new rule version takes effect (``jianguan regrade``). Entities are read in
USCC order, a chunk at a time, each chunk in its own transaction so the database is
never locked for long; ``credit.grade.changed.v1`` leaves only for entities whose
letter changed, and each chunk writes one audit entry. A rewritten grade row's version
is raised in the same UPDATE, and its event carries the new number (:mod:`~.versions`).
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.blacklist import assess_blacklist
from services.credit_rating.domain.grading import GradeResult, grade_entity
from services.credit_rating.handlers.steps.abnormal_list import announce_abnormal_warnings
from services.credit_rating.handlers.steps.event_rows import EventRows, data_json
from services.credit_rating.handlers.steps.facts import (
    FACT_COLUMNS,
    abnormal_since_where,
    entity_facts,
    listing_decisions_where,
    record_facts,
)
from services.credit_rating.handlers.steps.list_keeping import keep_lists
from services.credit_rating.handlers.steps.regrade_rows import STORED, EntityRows
from services.credit_rating.handlers.steps.regrading import (
    announced,
    compute_grade,
    grade_event,
    grade_row,
)
from services.credit_rating.handlers.steps.risk_keeping import keep_risks
from services.credit_rating.handlers.steps.versions import FIRST, versions_of
from services.credit_rating.models import (
    AbnormalListing,
    BlacklistProposal,
    CreditListEntry,
    CreditRecord,
    Entity,
    EntityGrade,
)
from shared.audit import record as audit
from shared.contracts.credit import GradeChanged

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RegradeSummary:
    entities: int
    changed: int
    rule_version: str


async def regrade_all(ctx: CreditContext, as_of: date | None = None, *, actor: str,
                      chunk: int = 5000, progress: Progress | None = None) -> RegradeSummary:
    """Re-grade every entity as of ``as_of`` (default: today, from the context's clock);
    returns how many there were and how many changed letter.

    Run daily as well as after a new rule version: publicity windows end with time, so
    listings lapse and grades recover without any new record. Entities that are or
    were on a list get their stored list state refreshed (and announced) too, and risk
    levels (CR-11) are assessed again (they fall as records age). Only
    grades that differ from the stored ones are written (``computed_at`` is when the
    stored grade last changed), and an entity with no records is graded once per
    distinct set of registry facts: most entities have none.
    """
    db, rules, as_of = ctx.database, ctx.rules, as_of or ctx.clock.today()
    _freeze_what_exists()
    async with db.reader() as session:
        total = int((await session.execute(
            select(func.count()).select_from(Entity))).scalar_one())
    done = changed = 0
    last = ""
    graded_alike: dict[tuple, tuple[GradeResult, str]] = {}
    while True:
        async with db.unit_of_work() as uow:
            reads = EntityRows(await uow.session.connection())  # tuples, by position
            entities = await reads.entities(last, chunk)
            if not entities:
                break
            changed += await _regrade_chunk(ctx, uow, as_of, entities, reads, actor,
                                            graded_alike)
        done += len(entities)
        last = entities[-1][0]
        if progress:
            progress(done, total)
    async with db.unit_of_work() as uow:  # 预警: serious listings coming from the abnormal list
        await announce_abnormal_warnings(ctx, uow, as_of, actor=actor)
    return RegradeSummary(done, changed, rules.version)


def _freeze_what_exists() -> None:
    """What the process holds before a re-grade (modules, the context, rules) is kept out
    of the collector's generations for the rest of the process, as the served process does
    after start-up (:mod:`shared.web.serving`): each chunk's rows live long enough to reach
    the oldest generation, and each of its ~90 full passes over a million entities also
    walked every object of the process (6.7 of 36.8 s; 0.3 s frozen). Garbage is
    collected first; a frozen object is still freed when its last reference goes."""
    gc.collect()
    gc.freeze()


COMPARED = tuple(column.key for column in STORED[1:6])


def _factors_differ(stored: str | list, fresh: list, fresh_text: str) -> bool:
    """SQLite hands the stored text (compared as written); asyncpg the decoded value."""
    if isinstance(stored, str):
        return stored != fresh_text and json.loads(stored) != fresh
    return stored != fresh


UPDATE_GRADE = ("UPDATE entity_grades SET grade = ?, label = ?, score = ?, rule_version = ?, "
                "no_penalty_3y = ?, factors = ?, computed_at = ?, version = version + 1 "
                "WHERE uscc = ?")


async def _update_grades(session, updates, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Store changed grades (``(uscc, grade row, factors JSON text)``; a row may be the
    one shared by alike entities, so its own ``uscc`` is not read), each version raised.
    On SQLite one executemany of plain tuples on the driver, with the factors' JSON text
    already made for the comparison (SQLAlchemy would build and process a parameter dict
    per row: a third of a million-row re-grade)."""
    if not updates:
        return
    connection = await session.connection()
    table = EntityGrade.__table__
    if connection.dialect.name != "sqlite":
        await session.execute(
            update(table).where(table.c.uscc == bindparam("key")).values(
                {**{c: bindparam(c) for c in updates[0][1] if c != "uscc"},
                 "version": table.c.version + 1}),
            [{**r, "uscc": uscc, "key": uscc} for uscc, r, _ in updates])
        return
    dialect = connection.dialect
    stamp = table.c.computed_at.type.dialect_impl(dialect).bind_processor(dialect)(now)
    made: dict[int, tuple] = {}  # the values of a row shared by alike entities, made once
    rows = []
    for uscc, r, text in updates:
        values = made.get(id(r))
        if values is None:
            values = made[id(r)] = (r["grade"], r["label"], r["score"], r["rule_version"],
                                    int(r["no_penalty_3y"]), text, stamp)
        rows.append((*values, uscc))
    await connection.exec_driver_sql(UPDATE_GRADE, rows)


async def _versions(session, raised) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The versions the chunk gave the announced grades (``raised``: their USCCs with the
    stored grade as read, or None): a new row's first, a rewritten row's stored one plus
    one. SQLite's write lock was the chunk's from its first read (BEGIN IMMEDIATE), so
    what it read is what it raised; on PostgreSQL the rewritten rows are read back
    (locked by the chunk since its UPDATE, while a concurrent writer may have raised one
    between the read and it)."""
    versions = {u: FIRST if b is None else b[7] + 1 for u, b in raised}  # STORED's order
    if (await session.connection()).dialect.name != "sqlite":
        versions.update(await versions_of(session, EntityGrade.__table__, [
            u for u, b in raised if b is not None]))
    return versions


async def _announce(ctx, uow, changes, versions, now) -> None:  # type: ignore[no-untyped-def]
    """The chunk's ``credit.grade.changed.v1`` stored at once as outbox rows
    (:class:`~.event_rows.EventRows`), in the order ``uow.emit_many`` would store them
    when nothing else of the chunk waits for the commit: per event only its data is made,
    a plain dict in ``GradeChanged``'s field order turned to JSON (pydantic's own
    serialiser), with the time they share serialised once by the model (a model and an
    envelope per event cost more than the rows' insert)."""
    first, old, _ = changes[0]
    changed_at = grade_event(first, old, versions[first["uscc"]], trusted=True).model_dump(
        mode="json")["changed_at"]
    await EventRows(ctx.outbox, GradeChanged, now).add(uow, [
        (r["uscc"], data_json({"uscc": r["uscc"], "old_grade": old, "new_grade": r["grade"],
                               "score": r["score"], "rule_version": r["rule_version"],
                               "no_penalty_3y": r["no_penalty_3y"], "changed_at": changed_at,
                               "version": versions[r["uscc"]]}))
        for r, old, _ in changes])


def _in_chunk(column, entities):  # type: ignore[no-untyped-def]
    """The chunk's USCC range (an index range scan, not an IN list of thousands)."""
    return column.between(entities[0][0], entities[-1][0])


async def _regrade_chunk(ctx, uow, as_of, entities, reads, actor, graded_alike) -> int:  # type: ignore[no-untyped-def]
    session, rules, now = uow.session, ctx.rules, ctx.clock.now()
    core = await session.connection()  # its records as Core rows (no ORM loading)
    records: dict[str, list] = defaultdict(list)
    rows = await core.execute(
        select(CreditRecord.uscc, *FACT_COLUMNS).where(_in_chunk(CreditRecord.uscc, entities)))
    for row in rows:
        records[row.uscc].append(record_facts(row))
    records = dict(records)  # .get from here on: no empty list per entity without any
    grades = await reads.stored(entities[0][0], entities[-1][0])  # one fetch
    stored = dict(zip(map(itemgetter(0), grades), grades, strict=True))
    on_a_list = set((await session.execute(
        select(CreditListEntry.uscc).where(_in_chunk(CreditListEntry.uscc, entities),
                                           CreditListEntry.listed.is_(True)))).scalars())
    abnormal = await abnormal_since_where(session, _in_chunk(AbnormalListing.uscc, entities),
                                          as_of)
    decided = await listing_decisions_where(session, _in_chunk(BlacklistProposal.uscc,
                                                               entities))
    usccs = [facts[0] for facts in entities]  # by position: a Row's attribute costs ~1 µs
    listed: dict[str, bool] = {}  # assessed once: for the lists, then for the grade
    candidates = on_a_list.union(records, abnormal)
    for uscc in [u for u in usccs if u in candidates]:
        found, since = records.get(uscc), abnormal.get(uscc)
        blacklist = assess_blacklist(found or [], rules, as_of, since, decided.get(uscc, ()))
        listed[uscc] = blacklist.listed
        if uscc in on_a_list or blacklist.listed or blacklist.proposals:
            entity = await session.get(Entity, uscc)
            await keep_lists(uow, rules, entity, found or [], blacklist, as_of, now,
                             actor=actor, person_key=ctx.person_key)
    await keep_risks(uow, rules, usccs, records, as_of, actor=actor)
    # what is written: updates (uscc, grade row, factors JSON text), inserts, and the
    # announced (grade row with its USCC, old grade, old standing) with the stored grades
    updates, inserts, changes, raised = [], [], [], []
    alike: dict[tuple, tuple[dict[str, Any], str, tuple]] = {}  # this chunk's shared rows
    for facts in entities:  # ENTITY_FACTS, as read (:mod:`~.regrade_rows`)
        uscc = facts[0]
        found, since = records.get(uscc), abnormal.get(uscc)
        if found or since is not None:
            row = grade_row(uscc, grade_entity(entity_facts(reads.typed(facts), listed[uscc]),
                                               found or [], rules, as_of), now)
            text = json.dumps(row["factors"])
            compared = tuple(row[c] for c in COMPARED)
        else:  # the grade of an entity without records depends on its registry facts only
            key = tuple(facts[1:])
            if key not in alike:
                if key not in graded_alike:
                    result = compute_grade(reads.typed(facts), (), rules, as_of)
                    graded_alike[key] = (result, json.dumps(grade_row("", result, now)[
                        "factors"]))
                result, text = graded_alike[key]
                shared = grade_row("", result, now)
                alike[key] = (shared, text, tuple(shared[c] for c in COMPARED))
            row, text, compared = alike[key]
        before = stored.get(uscc)  # STORED's order; a flag may be 0/1 (== False/True)
        if before is None:
            inserts.append({**row, "uscc": uscc, "version": FIRST})
            old = (None, None)
        elif before[1:6] != compared or _factors_differ(before[6], row["factors"], text):
            updates.append((uscc, row, text))
            old = (before[1], before[5])  # grade, no_penalty_3y
        else:
            continue
        if announced(*old, row["grade"], row["no_penalty_3y"]):
            changes.append(({**row, "uscc": uscc}, *old))
            raised.append((uscc, before))
    await _update_grades(session, updates, now)
    if inserts:
        await session.execute(insert(EntityGrade), inserts)
    if changes:
        versions = await _versions(session, raised)
        if uow.emitted:  # the chunk's list or risk events go first, at the commit
            uow.emit_many([grade_event(r, old, versions[r["uscc"]], trusted=True)
                           for r, old, _ in changes])
        else:
            await _announce(ctx, uow, changes, versions, now)
        await audit(uow, actor=actor, action="credit.grade.regraded", subject=None, detail={
            "rule_version": rules.version, "entities": len(entities),
            "changed": {r["uscc"]: [old, r["grade"]] for r, old, _ in changes},
            "no_penalty_3y": {r["uscc"]: r["no_penalty_3y"] for r, _, standing in changes
                              if standing is not None and standing != r["no_penalty_3y"]}})
    return sum(1 for r, old, _ in changes if old != r["grade"])
