"""The API docs of every service, served by the service itself (接口文档, issue 19).

FastAPI's own ``/docs`` and ``/redoc`` load Swagger UI and ReDoc from a CDN and fonts
from another, so on a network without internet access (政务外网, an intranet) they are
blank. Here both pages load their scripts and styles from ``/docs/static`` (the files of
the npm packages ``swagger-ui-dist`` and ``redoc``, vendored with their licences under
``shared/web/static/docs``), name no outside address, and start without an inline script,
so their Content-Security-Policy allows the service's own sources only.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from shared.web.security import content_security_policy, page_headers

ASSETS = Path(__file__).parent / "static" / "docs"
ASSETS_PATH = "/docs/static"
# Swagger UI and ReDoc set inline style attributes and <style> elements as they draw
# (React, styled-components), and ReDoc's search runs in a worker made from a blob: all
# of it from the page itself, none from outside.
DOCS_POLICY = content_security_policy(
    script_src="'self'", style_src="'self' 'unsafe-inline'", font_src="'self'",
    connect_src="'self'", worker_src="'self' blob:", form_action="'none'")
_SWAGGER = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Swagger UI</title>
<link rel="icon" type="image/png" href="{assets}/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="{assets}/swagger-ui/swagger-ui.css">
</head><body>
<div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="{assets}/swagger-ui/swagger-ui-bundle.js"></script>
<script src="{assets}/swagger-init.js"></script>
</body></html>
"""
_REDOC = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · ReDoc</title>
<link rel="icon" type="image/png" href="{assets}/swagger-ui/favicon-32x32.png">
</head><body>
<redoc spec-url="{openapi}"></redoc>
<script src="{assets}/redoc/redoc.standalone.js"></script>
</body></html>
"""


def install_docs(app: FastAPI) -> None:
    """``GET /docs`` (Swagger UI), ``GET /redoc`` (ReDoc) and their assets; the app is
    built with ``docs_url=None, redoc_url=None`` so FastAPI's CDN pages are not there."""
    router = APIRouter(include_in_schema=False)

    def page(template: str, request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        html = template.format(title=escape(app.title), assets=escape(root + ASSETS_PATH),
                               openapi=escape(root + (app.openapi_url or "/openapi.json")))
        # the docs are the same for everyone: a browser may keep them for a while
        return HTMLResponse(html, headers=page_headers(
            DOCS_POLICY, cache_control="public, max-age=300"))

    @router.get("/docs")
    async def swagger_ui(request: Request) -> HTMLResponse:
        return page(_SWAGGER, request)

    @router.get("/redoc")
    async def redoc(request: Request) -> HTMLResponse:
        return page(_REDOC, request)

    app.include_router(router)
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS), name="docs-assets")
