"""Grade route (信用等级, CR-3): grade, label, score, rule version and its factors."""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api.deps import CreditRulesDep, UsccPath
from services.credit_rating.handlers.facts import today
from services.credit_rating.handlers.grading import current_grade
from services.credit_rating.schemas import GradeView
from shared.auth import CallerDep
from shared.web.deps import ReaderDep

router = APIRouter(prefix="/v1/entities/{uscc}/grade")


@router.get("", response_model=GradeView,
            summary="The entity's grade and the factors behind it, each naming its records")
async def grade(uscc: UsccPath, _caller: CallerDep, session: ReaderDep,
                rules: CreditRulesDep) -> GradeView:
    return GradeView.model_validate(await current_grade(session, rules, uscc, today()))
