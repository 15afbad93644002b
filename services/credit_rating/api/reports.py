"""Credit report routes (信用报告, CR-12): JSON in one documented shape, or printable HTML,
signed by the issuing service, whose public keys are at ``/.well-known/jwks.json``.

``as_of`` is a day in the plausible range (``shared.fields.Day``); one after today or
before the entity was established is a 422 naming it (the handler's rule, by its clock).
A report is personal: neither form is stored by a browser or proxy (``no-store``). A
browser that meets an error here (no token, an unknown entity, a bad day) gets an HTML
page saying what to do (``shared.web.pages``); a program gets the problem as before.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from services.credit_rating.api.deps import AsOf, Ctx, ReportReader, UsccPath
from services.credit_rating.api.report_page import report_page
from services.credit_rating.handlers.report import credit_report
from services.credit_rating.handlers.report_document import CreditReport
from shared.errors import DomainProblem
from shared.web.deps import ReaderDep
from shared.web.openapi import problems
from shared.web.pages import ErrorWords, html_errors, wants_html

REPORT = "/v1/entities/{uscc}/report"
NO_STORE = {"Cache-Control": "no-store"}
HTML = {"content": {"text/html": {"schema": {"type": "string"}}},
        "description": "the printable view (send Accept: text/html)"}


def report_advice(status: int, request: Request, exc: Exception) -> ErrorWords | None:
    """What a person who opened a report in a browser reads when it cannot be shown."""
    uscc = request.path_params.get("uscc", "")
    if status == 401:
        return ErrorWords("需要部门访问令牌", "信用报告只向持有部门访问令牌的用户提供：请通过"
                          "本部门的业务系统（携带访问令牌）打开本页面。市场主体查询本主体的"
                          "信用报告，请向出具机关申请。")
    if status == 404:
        return ErrorWords("没有找到该市场主体", f"信用档案中没有统一社会信用代码为 {uscc} "
                          "的市场主体：请核对代码（18 位，见营业执照）后重试；新登记的主体"
                          "可能尚未录入。")
    if status == 422:
        detail = exc.detail if isinstance(exc, DomainProblem) else _first_error(exc)
        if "as_of" in detail:
            return ErrorWords("报告日有误", "报告日（as_of）须是该主体成立之日至今天"
                              "（北京时间）之间的一天，格式为 YYYY-MM-DD；不填则为今天。",
                              detail)
        return ErrorWords("统一社会信用代码有误", "请核对 18 位统一社会信用代码后重试。",
                          detail)
    return None


def _first_error(exc: Exception) -> str:
    errors: list[dict[str, Any]] = list(getattr(exc, "errors", list)())
    if not errors:
        return str(exc)
    where = ".".join(str(part) for part in errors[0].get("loc", ()))
    return f"{where}: {errors[0].get('msg', '')}"


router = APIRouter(route_class=html_errors(report_advice))


@router.get(REPORT, response_model=CreditReport, responses={200: HTML, **problems(404)},
            summary="信用报告 as of a day, signed: registry, grade and factors, records, "
            "lists, commitments, repairs, objections")
async def report(uscc: UsccPath, request: Request, _reader: ReportReader, ctx: Ctx,
                 session: ReaderDep, as_of: AsOf = None) -> Any:
    found = await credit_report(ctx, session, uscc, as_of)
    if wants_html(request):
        return report_page(found)
    return JSONResponse(found.model_dump(mode="json"), headers=NO_STORE)


@router.get(REPORT + ".html", response_class=HTMLResponse, responses=problems(404),
            summary="信用报告, printable HTML view (its signed JSON is a download on it)")
async def report_html(uscc: UsccPath, _reader: ReportReader, ctx: Ctx, session: ReaderDep,
                      as_of: AsOf = None) -> HTMLResponse:
    return report_page(await credit_report(ctx, session, uscc, as_of))


class PublicKey(BaseModel):
    kty: str = Field(examples=["OKP"])
    crv: str = Field(examples=["Ed25519"])
    x: str = Field(description="the public key, base64url")
    kid: str = Field(description="its RFC 7638 thumbprint: the kid of a report's signature")
    use: str = Field(examples=["sig"])
    alg: str = Field(examples=["EdDSA"])


class KeySet(BaseModel):
    """The issuer's public keys (JWKS, RFC 7517): the first signs new reports."""

    keys: list[PublicKey]


@router.get("/.well-known/jwks.json", response_model=KeySet,
          summary="The public keys credit reports are signed with (JWKS): verify a report "
          "offline with `jianguan report verify FILE`")
async def jwks(ctx: Ctx) -> JSONResponse:
    return JSONResponse(ctx.report_signer.jwks(),
                        headers={"Cache-Control": "public, max-age=3600"})

