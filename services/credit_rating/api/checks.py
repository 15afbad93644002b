"""逢办必查 route (CR-6): any department checks an entity before it approves."""

from __future__ import annotations

from fastapi import APIRouter, Query

from services.credit_rating.api.deps import CreditRulesDep, UsccPath
from services.credit_rating.handlers.check import check_entity
from services.credit_rating.handlers.facts import today
from services.credit_rating.schemas import BlacklistView, CheckView, ToleranceView
from shared.auth import CallerDep
from shared.web.deps import ReaderDep

router = APIRouter(prefix="/v1/entities/{uscc}/check")


@router.get("", response_model=CheckView, summary="逢办必查: grade, lists, the measures "
            "your department applies for this matter, tolerance")
async def check(uscc: UsccPath, caller: CallerDep, session: ReaderDep, rules: CreditRulesDep,
                matter: str | None = Query(default=None, max_length=64,
                                           description="matter code or category, e.g. "
                                           "SCJG-001 or food_safety")) -> CheckView:
    found = await check_entity(session, rules, uscc, department=caller.dept, matter=matter,
                               as_of=today())
    return CheckView(
        uscc=found.uscc, name=found.name, grade=found.grade, label=found.label,
        score=found.score, rule_version=found.rule_version, no_penalty_3y=found.no_penalty_3y,
        blacklist=BlacklistView(listed=found.blacklist.listed, reason=found.blacklist.reason,
                                record_ids=list(found.blacklist.record_ids)),
        department=found.department, matter=found.matter, measures=found.measures,
        tolerance=ToleranceView(in_tolerance=found.in_tolerance, until=found.tolerance_until),
        as_of=found.as_of)
