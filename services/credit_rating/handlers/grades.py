"""The grade as read (信用等级, CR-3): the stored one with its factors, or one computed
on the day asked when none is stored yet."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.errors import EntityNotFound
from services.credit_rating.handlers.steps.facts import (
    abnormal_since,
    listing_decisions,
    record_facts,
    records_of,
)
from services.credit_rating.handlers.steps.regrading import compute_grade, grade_row
from services.credit_rating.models import Entity, EntityGrade


async def current_grade(session: AsyncSession, rules: CreditRules, uscc: str,
                        as_of: date, now: datetime) -> dict[str, Any]:
    """The stored grade with its factors; computed (not stored) if none is stored yet."""
    stored = await session.get(EntityGrade, uscc)
    if stored is not None:
        return {c.key: getattr(stored, c.key) for c in EntityGrade.__table__.columns}
    entity = await session.get(Entity, uscc)
    if entity is None:
        raise EntityNotFound(uscc)
    records = [record_facts(row) for row in (await session.execute(records_of(uscc))).all()]
    return grade_row(uscc, compute_grade(entity, records, rules, as_of,
                                         await abnormal_since(session, uscc, as_of),
                                         await listing_decisions(session, uscc)), now)
