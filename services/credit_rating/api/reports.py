"""Credit report routes (信用报告, CR-12): JSON in one documented shape, or printable HTML."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from services.credit_rating.api.deps import CreditRulesDep, UsccPath
from services.credit_rating.api.report_page import render_report
from services.credit_rating.handlers.facts import today
from services.credit_rating.handlers.report import credit_report
from services.credit_rating.report_schemas import CreditReport
from shared.auth import CallerDep
from shared.web import DomainProblem
from shared.web.deps import ReaderDep

router = APIRouter(prefix="/v1/entities/{uscc}")
AS_OF = Query(default=None, description="report day (YYYY-MM-DD); default today, not later")
HTML = {"content": {"text/html": {"schema": {"type": "string"}}},
        "description": "the printable view (send Accept: text/html)"}


async def _report(session: ReaderDep, rules: CreditRulesDep, uscc: str,
                  as_of: date | None) -> CreditReport:
    day = today()
    if as_of is not None and as_of > day:
        raise DomainProblem(422, "Report day in the future",
                            f"as_of {as_of.isoformat()} lies after today ({day.isoformat()}); "
                            "a report states what is, give today or an earlier day",
                            "report-day-in-future", field="query.as_of")
    return await credit_report(session, rules, uscc, as_of or day)


@router.get("/report", response_model=CreditReport, responses={200: HTML},
            summary="信用报告 as of a day: registry, grade and factors, records, lists, "
            "commitments, repairs, objections")
async def report(uscc: UsccPath, request: Request, _caller: CallerDep, session: ReaderDep,
                 rules: CreditRulesDep, as_of: date | None = AS_OF) -> CreditReport | HTMLResponse:
    found = await _report(session, rules, uscc, as_of)
    accept = request.headers.get("accept", "")
    if "text/html" in accept and "application/json" not in accept:
        return HTMLResponse(render_report(found))
    return found


@router.get("/report.html", response_class=HTMLResponse,
            summary="信用报告, printable HTML view")
async def report_html(uscc: UsccPath, _caller: CallerDep, session: ReaderDep,
                      rules: CreditRulesDep, as_of: date | None = AS_OF) -> HTMLResponse:
    return HTMLResponse(render_report(await _report(session, rules, uscc, as_of)))
