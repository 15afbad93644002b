"""Keeping an entity's risk level (风险预警模型, CR-11): assessed after every change of its
records and by the daily re-grade (risk falls with time), stored once it is above the
lowest level (and kept from then on; an entity without a stored level is at the lowest,
assessed when asked), and announced (``credit.risk.warning.v1``, trigger ``risk_model``)
when it rises to the model's warning level, once until it falls below again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Text, bindparam, select, type_coerce, update

from services.credit_rating.domain.records import RecordFacts
from services.credit_rating.domain.risk import RiskAssessment, assess_risk, rank, warns
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.models import EntityRisk
from shared.audit import record as audit
from shared.bulk_rows import insert_rows
from shared.contracts.credit_lists import RiskWarning
from shared.db import UnitOfWork


def factors_json(found: RiskAssessment) -> list[dict[str, Any]]:
    return [{"component": f.component, "points": f.points, "explanation": f.explanation,
             "record_ids": list(f.record_ids)} for f in found.factors]


def risk_row(uscc: str, found: RiskAssessment, as_of: date) -> dict[str, Any]:
    return {"uscc": uscc, "level": found.level, "score": found.score, "model": found.model,
            "factors": factors_json(found), "assessed_on": as_of}


def warning(uscc: str, found: RiskAssessment) -> RiskWarning:
    return RiskWarning(
        uscc=uscc, trigger="risk_model", level=found.level, score=found.score,
        model=found.model, record_ids=sorted({i for f in found.factors for i in f.record_ids}),
        reason=f"风险等级升至{found.label}({found.score} 分) / risk level {found.level} "
               f"(score {found.score}): " + "; ".join(f.explanation for f in found.factors))


RISK_COLUMNS = tuple(c.key for c in EntityRisk.__table__.columns)


def differs(stored: Any, row: dict[str, Any]) -> bool:
    """Whether a stored risk (row or ORM object) is not ``row`` (the day aside)."""
    return (stored.level, stored.score, stored.model) != (row["level"], row["score"],
                                                          row["model"]) \
        or _factors(stored.factors) != row["factors"]


def _factors(stored: Any) -> Any:
    return json.loads(stored) if isinstance(stored, str) else stored


async def keep_risks(uow: UnitOfWork, rules: CreditRules, chunk: Sequence[str],
                     records: dict[str, list[RecordFacts]], as_of: date, *,
                     actor: str) -> int:
    """``keep_risk`` of a re-grade chunk (USCCs in order) with one read and at most one
    insert and one update: only entities with records or a stored level are assessed.
    How many warnings left."""
    session = uow.session
    core = await session.connection()
    table = EntityRisk.__table__
    stored = {row.uscc: row for row in await core.execute(
        select(table.c.uscc, table.c.level, table.c.score, table.c.model,
               type_coerce(table.c.factors, Text).label("factors"))
        .where(table.c.uscc.between(chunk[0], chunk[-1])))}
    new, changed, warnings = [], [], []
    for uscc in chunk:
        found, before = records.get(uscc), stored.get(uscc)
        if not found and before is None:
            continue
        assessed = assess_risk(found or (), rules, as_of)
        if before is None and rank(assessed.level, rules) == 0:
            continue
        row = risk_row(uscc, assessed, as_of)
        if before is None:
            new.append(tuple(row[c] for c in RISK_COLUMNS))
        elif differs(before, row):
            changed.append(row)
        if warns(before.level if before is not None else None, assessed.level, rules):
            warnings.append(warning(uscc, assessed))
    await insert_rows(session, table, RISK_COLUMNS, new)
    if changed:
        await session.execute(update(table).where(table.c.uscc == bindparam("key")).values(
            {c: bindparam(c) for c in RISK_COLUMNS if c != "uscc"}),
            [{**row, "key": row["uscc"]} for row in changed])
    if warnings:
        uow.emit_many(warnings)
        await audit(uow, actor=actor, action="credit.risk.warned", subject=None,
                    detail={"usccs": [w.uscc for w in warnings]})
    return len(warnings)


async def keep_risk(uow: UnitOfWork, rules: CreditRules, uscc: str,
                    records: Sequence[RecordFacts], as_of: date, *, actor: str) -> None:
    """Assess, store what changed, and warn on a rise to the warning level."""
    session = uow.session
    found = assess_risk(records, rules, as_of)
    stored = await session.get(EntityRisk, uscc)
    if stored is None and rank(found.level, rules) == 0:
        return
    row = risk_row(uscc, found, as_of)
    before = stored.level if stored is not None else None
    if stored is None:
        session.add(EntityRisk(**row))
    elif not differs(stored, row):
        return
    else:
        for name, value in row.items():
            setattr(stored, name, value)
    await session.flush()
    if before != found.level:
        await audit(uow, actor=actor, action="credit.risk.changed", subject=uscc,
                    detail={"level": found.level, "was": before, "score": found.score,
                            "model": found.model})
    if warns(before, found.level, rules):
        uow.emit(warning(uscc, found))
