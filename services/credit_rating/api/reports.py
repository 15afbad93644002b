"""Credit report routes (信用报告, CR-12): JSON in one documented shape, or printable HTML.

``as_of`` is a day in the plausible range (``shared.fields.Day``); one after today or
before the entity was established is a 422 naming it (the handler's rule, by its clock).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.credit_rating.api.deps import AsOf, Ctx, UsccPath
from services.credit_rating.api.report_page import render_report
from services.credit_rating.handlers.report import credit_report
from services.credit_rating.handlers.report_document import CreditReport
from shared.auth import CallerDep
from shared.web.deps import ReaderDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/entities/{uscc}")
HTML = {"content": {"text/html": {"schema": {"type": "string"}}},
        "description": "the printable view (send Accept: text/html)"}


@router.get("/report", response_model=CreditReport, responses={200: HTML, **problems(404)},
            summary="信用报告 as of a day: registry, grade and factors, records, lists, "
            "commitments, repairs, objections")
async def report(uscc: UsccPath, request: Request, _caller: CallerDep, ctx: Ctx,
                 session: ReaderDep, as_of: AsOf = None) -> CreditReport | HTMLResponse:
    found = await credit_report(ctx, session, uscc, as_of)
    accept = request.headers.get("accept", "")
    if "text/html" in accept and "application/json" not in accept:
        return HTMLResponse(render_report(found))
    return found


@router.get("/report.html", response_class=HTMLResponse, responses=problems(404),
            summary="信用报告, printable HTML view")
async def report_html(uscc: UsccPath, _caller: CallerDep, ctx: Ctx, session: ReaderDep,
                      as_of: AsOf = None) -> HTMLResponse:
    return HTMLResponse(render_report(await credit_report(ctx, session, uscc, as_of)))
