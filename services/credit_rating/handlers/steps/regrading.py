"""Re-grading (信用分级): compute an entity's grade from its records and store it (CR-3);
the step every change of records, listings or registry facts ends with.

``credit.grade.changed.v1`` leaves only when the grade letter changes; the first grade
of an entity (at registration) leaves with ``old_grade`` null. Each carries the grade's
version (:mod:`~.versions`): 1 for a first grade, raised with every later announcement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.blacklist import ListingDecision, assess_blacklist
from services.credit_rating.domain.grading import EntityFacts, GradeResult, grade_entity
from services.credit_rating.domain.records import RecordFacts
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.errors import EntityNotFound
from services.credit_rating.handlers.steps.event_rows import EventRows, data_json, json_text
from services.credit_rating.handlers.steps.facts import (
    abnormal_since,
    entity_facts,
    listing_decisions,
    plain,
    record_facts,
    records_of,
)
from services.credit_rating.handlers.steps.list_keeping import keep_lists
from services.credit_rating.handlers.steps.risk_keeping import keep_risk
from services.credit_rating.handlers.steps.versions import FIRST, next_version
from services.credit_rating.models import Entity, EntityGrade
from shared.audit import record as audit
from shared.bulk_rows import insert_rows, stored_values
from shared.contracts.credit import GradeChanged
from shared.db import UnitOfWork


def compute_grade(entity: Entity, records: Sequence[RecordFacts], rules: CreditRules,
                  as_of: date, abnormal_since: date | None = None,
                  decisions: Iterable[ListingDecision] = ()) -> GradeResult:
    """The grade of ``entity`` with ``records`` (and on the 经营异常名录 since
    ``abnormal_since``, with its listing ``decisions``) as of a day: blacklist first,
    then grade."""
    listed = assess_blacklist(list(records), rules, as_of, abnormal_since, decisions).listed
    return grade_entity(entity_facts(entity, listed), list(records), rules, as_of)


def factors_json(result: GradeResult) -> list[dict[str, Any]]:
    return [{"dimension": str(plain(f.dimension)), "points": float(f.points),
             "explanation": f.explanation, "record_ids": list(f.record_ids)}
            for f in result.factors]


def grade_row(uscc: str, result: GradeResult, now: datetime) -> dict[str, Any]:
    return {"uscc": uscc, "grade": str(plain(result.grade)), "label": result.label,
            "score": float(result.score), "rule_version": result.rule_version,
            "no_penalty_3y": result.no_penalty_3y, "factors": factors_json(result),
            "computed_at": now}


def grade_event(row: dict[str, Any], old_grade: str | None, version: int, *,
                trusted: bool = False) -> GradeChanged:
    """The event for a stored grade row at ``version``; ``trusted`` skips re-validating
    our own data."""
    fields = {"uscc": row["uscc"], "old_grade": old_grade, "new_grade": row["grade"],
              "score": row["score"], "rule_version": row["rule_version"],
              "no_penalty_3y": row["no_penalty_3y"], "changed_at": row["computed_at"],
              "version": version}
    return GradeChanged.model_construct(**fields) if trusted else GradeChanged(**fields)


def announced(old_grade: str | None, old_standing: bool | None, grade: str,
              standing: bool) -> bool:
    """Whether a re-computed grade leaves as ``credit.grade.changed.v1``: its letter
    changed, or its 3-years-without-penalty standing did (CR-10: inspection-draw lowers
    the entity's inspection frequency from it), which time alone can turn."""
    return old_grade != grade or (old_standing is not None and old_standing != standing)


GradedAlike = dict[tuple, GradeResult]
"""First grades by (established_on, new_economy, tolerance_until), for one ``as_of``."""
GRADE_ROW = tuple(c.key for c in EntityGrade.__table__.columns if c.key != "version")
_GRADE_COLUMNS = (*GRADE_ROW, "version")
_USCC = "@uscc@"


async def grade_new_entities(ctx: CreditContext, uow: UnitOfWork,
                             registered: Sequence[dict[str, Any]], as_of: date, now: datetime,
                             graded_alike: GradedAlike | None = None,
                             ids: Sequence[str] | None = None) -> None:
    """First grades of newly registered entities (no records yet), in one statement;
    ``ids``: their events' ids, issued ahead, one per entity in order.

    Without records the grade depends on the registry facts alone, so each distinct
    (established_on, new_economy, tolerance_until) is graded once (once per import with
    ``graded_alike``), and its row and event are made once per batch with only the USCC
    left to fill in.
    """
    if not registered:
        return
    rules = ctx.rules
    graded = {} if graded_alike is None else graded_alike
    alike: dict[tuple, tuple[tuple, str, str]] = {}  # row after the USCC, event data
    rows, announced = [], []
    for e in registered:
        key = (e["established_on"], e["new_economy"], e["tolerance_until"])
        made = alike.get(key)
        if made is None:
            result = graded.get(key)
            if result is None:
                result = graded[key] = grade_entity(EntityFacts(
                    uscc=e["uscc"], established_on=e["established_on"],
                    new_economy=e["new_economy"], tolerance_until=e["tolerance_until"]), (),
                    rules, as_of)
            row = grade_row(_USCC, result, now)
            data = data_json(grade_event(row, None, FIRST, trusted=True)
                             .model_dump(mode="json"))
            stored = await stored_values(uow.session, EntityGrade.__table__, _GRADE_COLUMNS,
                                         (*(row[c] for c in GRADE_ROW), FIRST))
            made = alike[key] = (stored[1:], *data.split(json_text(_USCC)))
        rest, before, after = made
        uscc = e["uscc"]
        rows.append((uscc, *rest))
        announced.append((uscc, f"{before}{json_text(uscc)}{after}"))
    await insert_rows(uow.session, EntityGrade.__table__, _GRADE_COLUMNS, rows, stored=True)
    await EventRows(ctx.outbox, GradeChanged, now).add(uow, announced, ids)


async def regrade(ctx: CreditContext, uow: UnitOfWork, uscc: str, as_of: date, *,
                  actor: str, keep: bool = True) -> EntityGrade:
    """Recompute and store one entity's grade; announce it if the letter changed.

    After a change of records or listings (``keep``) the entity's blacklist and watchlist
    state and its risk level are kept first, in the same transaction; a registry change
    alone changes no record and leaves them alone.
    """
    session, rules, now = uow.session, ctx.rules, ctx.clock.now()
    entity = await session.get(Entity, uscc)
    if entity is None:
        raise EntityNotFound(uscc)
    records = [record_facts(row) for row in (await session.execute(records_of(uscc))).all()]
    blacklist = assess_blacklist(records, rules, as_of,
                                 await abnormal_since(session, uscc, as_of),
                                 await listing_decisions(session, uscc))
    if keep:
        await keep_lists(uow, rules, entity, records, blacklist, as_of, now, actor=actor,
                         person_key=ctx.person_key)
        await keep_risk(uow, rules, uscc, records, as_of, actor=actor)
    result = grade_entity(entity_facts(entity, blacklist.listed), records, rules, as_of)
    row = grade_row(uscc, result, now)
    stored = await session.get(EntityGrade, uscc)
    old_grade = stored.grade if stored else None
    old_standing = stored.no_penalty_3y if stored else None
    if stored is None:
        stored = EntityGrade(**row)
        session.add(stored)
    else:
        for name, value in row.items():
            setattr(stored, name, value)
    await session.flush()
    if announced(old_grade, old_standing, stored.grade, stored.no_penalty_3y):
        uow.emit(grade_event(row, old_grade, await next_version(session, stored)))
        await audit(uow, actor=actor, action="credit.grade.changed", subject=uscc,
                    detail={"old_grade": old_grade, "new_grade": stored.grade,
                            "score": stored.score, "rule_version": stored.rule_version})
    return stored
