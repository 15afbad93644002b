"""Legal review, decision and benchmark routes (法制审核 / 决定 / 裁量基准, CT-4 … CT-6)."""

from __future__ import annotations

from fastapi import APIRouter, Path

from services.case_transfer.api.deps import ContextDep, Identifier
from services.case_transfer.handlers import decision, review
from services.case_transfer.handlers.decision_commands import DecisionDraft, ReviewOpinion
from services.case_transfer.queries.benchmarks import (
    BenchmarkView,
    benchmark_view,
    benchmarks_in_force,
)
from services.case_transfer.schemas import DecisionView, LegalReviewView
from shared.access import Head, Officer, Reviewer
from shared.auth import CallerDep
from shared.errors import NotFound
from shared.web.deps import UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
STEP = problems(404, 409)


@router.post("/cases/{case_id}/legal-reviews", status_code=201, response_model=LegalReviewView,
             responses=STEP, summary="提交法制审核 of a decision draft (checked against the "
             "benchmark first); a reviewer answers within the rule's working days")
async def submit(case_id: Identifier, body: DecisionDraft, caller: Officer, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> LegalReviewView:
    done = await review.submit(ctx, uow, case_id, body, caller, ctx.clock.now())
    return LegalReviewView.model_validate(done)


@router.post("/legal-reviews/{review_id}/opinion", response_model=LegalReviewView,
             responses=STEP, summary="法制审核意见 by a reviewer of the same agency who is not "
             "an investigator of the case: passed, or returned with reasons")
async def opinion(review_id: Identifier, body: ReviewOpinion, caller: Reviewer,
                  ctx: ContextDep, uow: UnitOfWorkDep) -> LegalReviewView:
    done = await review.give_opinion(ctx, uow, review_id, body, caller, ctx.clock.now())
    return LegalReviewView.model_validate(done)


@router.post("/cases/{case_id}/decision", status_code=201, response_model=DecisionView,
             responses=STEP, summary="决定, signed by the head: inside the discretion "
             "benchmark (which it explains); a major decision needs a passed legal review")
async def decide(case_id: Identifier, body: DecisionDraft, caller: Head, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> DecisionView:
    done = await decision.decide(ctx, uow, case_id, body, caller, ctx.clock.now())
    return DecisionView.model_validate(done)


@router.get("/benchmarks", response_model=list[BenchmarkView],
            summary="裁量基准 in force today, per violation code, with the sanction ladder")
async def benchmarks(_caller: CallerDep, ctx: ContextDep) -> list[BenchmarkView]:
    return benchmarks_in_force(ctx.rules, ctx.clock.today())


@router.get("/benchmarks/{code}", response_model=BenchmarkView, responses=problems(404),
            summary="The benchmark of one violation code in force today")
async def benchmark(_caller: CallerDep, ctx: ContextDep,
                    code: str = Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]{0,31}$")
                    ) -> BenchmarkView:
    found = ctx.rules.benchmark(code, ctx.clock.today())
    if found is None:
        raise NotFound("benchmark", code, "GET /v1/benchmarks lists the codes in force")
    return benchmark_view(found)
