"""HTML pages of an API service (页面): one self-contained page with the security headers,
and the HTML twin of a problem for a browser (issue 19).

The platform answers every error as an RFC 9457 problem (JSON). A person who opens a
page route in a browser (``Accept: text/html``) and meets an error (no token, an unknown
entity, a day out of range) gets a page instead that says, in Chinese, what happened and
what to do; a program asking for JSON still gets the problem. A router opts in with
``APIRouter(route_class=html_errors(advice))``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from shared.errors import DomainProblem
from shared.web.security import content_security_policy, inline_hash, page_headers

PAGE_STYLE = """:root{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei",sans-serif;color:#1a1a1a;line-height:1.6}
body{margin:0 auto;max-width:44rem;padding:1.5rem 1rem}
h1{font-size:1.4rem;margin:0 0 .8rem;color:#9e1b14}
p{margin:.6rem 0}.status{color:#555;font-size:.85rem}
.detail{color:#444;font-size:.85rem;background:#f4f4f4;padding:.5rem .7rem;
overflow-wrap:anywhere}"""
PAGE_POLICY = content_security_policy(style_src=inline_hash(PAGE_STYLE))
ERROR_ADVICE = {
    400: ("请求无法识别", "请检查链接是否完整后重试。"),
    401: ("需要部门访问令牌", "本页面只向持有部门访问令牌的用户提供：请通过本部门的业务系统"
          "（携带访问令牌）打开，或联系本部门的系统管理员。"),
    403: ("无权查看", "当前访问令牌没有查看本页面所需的权限：请联系本部门的系统管理员。"),
    404: ("没有找到要查看的内容", "请核对链接或代码后重试。"),
    422: ("请求中的内容有误", "请按下方提示修改后重试。"),
    429: ("访问过于频繁", "请稍后再试。"),
    503: ("服务暂时无法使用", "相关服务暂时无法访问，请稍后再试。"),
}


@dataclass(frozen=True)
class ErrorWords:
    """What an error page says: a heading, what to do, and the problem's own detail
    (shown when it helps the reader, e.g. which field to change)."""

    heading: str
    advice: str
    detail: str = ""


Advice = Callable[[int, Request, Exception], ErrorWords | None]
"""A router's own words for an error (None: the platform's words for the status)."""


def html_page(title: str, body: str, status: int = 200, *,
              policy: str = PAGE_POLICY, style: str = PAGE_STYLE) -> HTMLResponse:
    """``body`` (HTML, already escaped) as a whole page with ``style`` inline, allowed by
    ``policy`` (by default exactly that style: no script, no outside source)."""
    html = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{style}</style></head>"
            f"<body>{body}</body></html>")
    return HTMLResponse(html, status_code=status, headers=page_headers(policy))


def error_page(status: int, words: ErrorWords, headers: dict[str, str] | None = None
               ) -> HTMLResponse:
    detail = f'<p class="detail">{escape(words.detail)}</p>' if words.detail else ""
    body = (f"<main><h1>{escape(words.heading)}</h1><p>{escape(words.advice)}</p>{detail}"
            f'<p class="status">HTTP {status}</p></main>')
    response = html_page(words.heading, body, status)
    for name, value in (headers or {}).items():
        response.headers.setdefault(name, value)
    return response


def wants_html(request: Request) -> bool:
    """A browser: it asks for HTML (and not for JSON)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


def html_errors(advice: Advice | None = None) -> type[APIRoute]:
    """A route class answering a browser's errors with an HTML page (what happened and
    what to do, in ``advice``'s words or the platform's), and a program's as before."""

    class HtmlErrorRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], object]:
            handler = super().get_route_handler()

            async def handle(request: Request) -> Response:
                try:
                    return await handler(request)  # type: ignore[misc]
                except (HTTPException, RequestValidationError, DomainProblem) as exc:
                    if not wants_html(request):
                        raise
                    status, headers = _status(exc)
                    heading, default = ERROR_ADVICE.get(
                        status, ("页面暂时无法显示", "请稍后再试。"))
                    words = (advice(status, request, exc) if advice else None) or ErrorWords(
                        heading, default)
                    return error_page(status, words, headers)

            return handle

    return HtmlErrorRoute


def _status(exc: Exception) -> tuple[int, dict[str, str] | None]:
    if isinstance(exc, RequestValidationError):
        return 422, None
    if isinstance(exc, DomainProblem):
        return exc.status, exc.headers
    assert isinstance(exc, HTTPException)
    return exc.status_code, dict(exc.headers or {})
