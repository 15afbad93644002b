"""The risk level as read (风险预警模型, CR-11): the stored one with its factors, or one
assessed on the day asked when none is stored (low, or never assessed yet)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.domain.risk import assess_risk
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.steps.facts import record_facts, records_of
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.handlers.steps.risk_keeping import risk_row
from services.credit_rating.models import EntityRisk


async def current_risk(session: AsyncSession, rules: CreditRules, uscc: str,
                       as_of: date) -> dict[str, Any]:
    await find_entity(session, uscc)
    stored = await session.get(EntityRisk, uscc)
    if stored is not None:
        return {c.key: getattr(stored, c.key) for c in EntityRisk.__table__.columns}
    records = [record_facts(row) for row in await session.execute(records_of(uscc))]
    return risk_row(uscc, assess_risk(records, rules, as_of), as_of)
