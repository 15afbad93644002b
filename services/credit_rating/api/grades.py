"""Grade route (信用等级, CR-3): grade, label, score, rule version and its factors."""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api.deps import Ctx, UsccPath
from services.credit_rating.handlers.grades import current_grade
from services.credit_rating.schemas import GradeView
from shared.auth import CallerDep
from shared.web.deps import ReaderDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/entities/{uscc}/grade")


@router.get("", response_model=GradeView, responses=problems(404),
            summary="The entity's grade and the factors behind it, each naming its records")
async def grade(uscc: UsccPath, _caller: CallerDep, ctx: Ctx, session: ReaderDep) -> GradeView:
    return GradeView.model_validate(await current_grade(
        session, ctx.rules, uscc, ctx.clock.today(), ctx.clock.now()))
