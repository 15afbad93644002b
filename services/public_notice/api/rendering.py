"""Rendering the public pages (页面): Jinja2 templates, Chinese dates and China time, the
security headers every page sends, and the HTML twin of a problem for a browser."""

from __future__ import annotations

from datetime import date, datetime
from http import HTTPStatus
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain import words
from shared.clock import china_time

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
API_PREFIXES = ("/v1/", "/feeds/", "/openapi", "/docs", "/redoc", "/healthz", "/readyz",
                "/metrics", "/asyncapi", "/static/")
ERROR_ADVICE = {
    400: "请求无法识别，请返回首页重新查询。",
    404: "没有找到要查看的内容：它可能已撤下、公示期已满，或链接有误。请返回首页重新查询。",
    405: "该页面不支持这种访问方式，请从首页进入。",
    422: "输入的内容有误，请按页面提示修改后重新提交。",
    429: "查询过于频繁，请稍后再试。",
    503: "相关服务暂时无法访问，请稍后再试。",
}


def is_page(path: str) -> bool:
    """A path of the public pages (not the JSON API, feeds, docs or probes)."""
    return not path.startswith(API_PREFIXES)


def cn_day(value: date) -> str:
    """2026年11月20日."""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_date(value: date | None) -> Markup:
    """A day for a page: 2026年11月20日 in a ``<time>`` that never breaks across lines."""
    if value is None:
        return Markup("—")
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), cn_day(value))


def cn_time(value: datetime) -> str:
    """A moment in China time to the second: 2026年11月25日 00:05:12."""
    local = china_time(value)
    return f"{cn_day(local.date())} {local:%H:%M:%S}"


def render(ctx: PublicNoticeContext, name: str, status: int = 200, *,
           title: str, **values: Any) -> HTMLResponse:
    """The page ``name`` with ``values``, the site's frame and the moment it was made."""
    env = ctx.templates
    if "cn_date" not in env.filters:
        env.filters.update(cn_date=cn_date, yuan=words.yuan)
    now = ctx.clock.now()
    html = env.get_template(name).render(
        title=title, made_at=cn_time(now), today=ctx.clock.today(), kinds=ctx.rules.file.kinds,
        groups=words.GROUP, **values)
    return HTMLResponse(html, status_code=status)


def error_page(ctx: PublicNoticeContext, status: int, detail: str = "",
               headers: dict[str, str] | None = None) -> HTMLResponse:
    """The HTML twin of a problem: what happened and what to do, in Chinese."""
    advice = ERROR_ADVICE.get(status, "页面暂时无法显示，请稍后再试或返回首页。")
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    response = render(ctx, "error.html", status, title="无法显示该页面", status_code=status,
                      phrase=phrase, advice=advice, detail=detail)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


async def wants_page(request: Request) -> bool:
    """A browser on a page path (it asks for HTML, or for anything)."""
    accept = request.headers.get("accept", "")
    return is_page(request.url.path) and ("text/html" in accept or not accept)


class PageHeaders:
    """Security headers (issue 19): every answer says nosniff and a referrer policy; a
    page also gets a Content-Security-Policy with no outside source, no framing, and
    ``Cache-Control: no-store`` (what is public changes when a notice comes down)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = is_page(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                added = [(b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"strict-origin-when-cross-origin")]
                if page:
                    added += [(b"content-security-policy", CSP.encode()),
                              (b"x-frame-options", b"DENY"),
                              (b"cache-control", b"no-store")]
                # a platform page (the API docs) already names its own: never say it twice
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in added if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
