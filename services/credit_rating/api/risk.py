"""Risk route (风险预警模型, CR-11): an entity's risk level, score and factors."""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api.deps import Ctx, UsccPath
from services.credit_rating.handlers.risk import current_risk
from services.credit_rating.list_schemas import RiskView
from shared.auth import CallerDep
from shared.web.deps import ReaderDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/entities/{uscc}/risk")


@router.get("", response_model=RiskView, responses=problems(404),
            summary="The entity's risk level under the risk warning model, with every "
            "factor and the records behind it")
async def risk(uscc: UsccPath, _caller: CallerDep, ctx: Ctx, session: ReaderDep) -> RiskView:
    found = await current_risk(session, ctx.rules, uscc, ctx.clock.today())
    label = next(b.label for b in ctx.rules.risk.levels if b.level == found["level"])
    return RiskView.model_validate({**found, "label": label})
