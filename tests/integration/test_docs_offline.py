"""The API docs of every service work without internet access (issue 19): `/docs` (Swagger
UI) and `/redoc` (ReDoc) load in Chromium with every request outside 127.0.0.1 blocked,
list the service's operations, and name no outside address."""

from __future__ import annotations

import importlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from tests.browser import (
    DESKTOP,
    SCREENSHOTS,
    chromium,
    console_errors,
    local_only,
    needs_chromium,
    served,
)
from tests.clock import service_clock

SERVICES = ["credit_rating", "inspection_draw", "case_transfer", "complaint_intake",
            "public_notice"]
OUTSIDE = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", re.I)
SWAGGER_OPERATIONS = ("blocks => blocks.map(b => [b.querySelector('.opblock-summary-method')"
                      ".innerText.toLowerCase(), b.querySelector('.opblock-summary-path')"
                      ".getAttribute('data-path')])")
QUIET = {"relay_enabled": False, "consumers_enabled": False, "audit_checkpoint_seconds": 0,
         "overdue_sweep_seconds": 0, "expiry_sweep_seconds": 0}


def service_app(name: str, tmp_path) -> FastAPI:  # type: ignore[no-untyped-def]
    """``name``'s app, connected to nothing (the docs read no database)."""
    settings_class = importlib.import_module(f"services.{name}.config").Settings
    quiet = {k: v for k, v in QUIET.items() if k in settings_class.model_fields}
    settings = settings_class(database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db",
                              kafka_bootstrap_servers="127.0.0.1:1", **quiet)
    context = importlib.import_module(f"services.{name}.bootstrap").build(
        settings, clock=service_clock())
    return importlib.import_module(f"services.{name}.app").create_app(context=context)


@asynccontextmanager
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://docs.test") as c:
        yield c


@pytest.mark.parametrize("name", SERVICES)
async def test_the_docs_pages_name_no_outside_address(name, tmp_path):
    app = service_app(name, tmp_path)
    async with client(app) as c:
        for path in ("/docs", "/redoc"):
            page = await c.get(path)
            assert page.status_code == 200 and page.headers["content-type"].startswith(
                "text/html")
            assert not OUTSIDE.search(page.text), page.text
            policy = page.headers["content-security-policy"]
            assert "http" not in policy and "frame-ancestors 'none'" in policy
            # (public-notice's own page headers add a second nosniff: the same word twice)
            assert {v.strip() for v in page.headers["x-content-type-options"].split(",")} == {
                "nosniff"}
        for asset in ("/docs/static/swagger-ui/swagger-ui-bundle.js",
                      "/docs/static/swagger-ui/swagger-ui.css",
                      "/docs/static/redoc/redoc.standalone.js",
                      "/docs/static/swagger-init.js",
                      "/docs/static/swagger-ui/LICENSE", "/docs/static/redoc/LICENSE"):
            assert (await c.get(asset)).status_code == 200, asset
        schema = (await c.get("/openapi.json")).json()
    assert not {"/docs", "/redoc"} & set(schema["paths"])


@needs_chromium
@pytest.mark.timeout(240)
async def test_swagger_ui_and_redoc_list_the_operations_with_the_internet_blocked(tmp_path):
    async with chromium() as browser:
        for name in SERVICES:
            app = service_app(name, tmp_path)
            operations = {(method, path) for path, item in app.openapi()["paths"].items()
                          for method in item}
            async with served(app) as url:
                page = await browser.new_page(viewport=DESKTOP, locale="zh-CN")
                blocked: list[str] = []
                errors = console_errors(page)
                await local_only(page, blocked)

                await page.goto(url + "/docs")
                await page.wait_for_selector(".opblock", timeout=30_000)
                shown = {tuple(op) for op in await page.eval_on_selector_all(
                    ".opblock", SWAGGER_OPERATIONS)}
                assert shown == operations, f"{name}: {operations - shown} not listed"
                await page.screenshot(path=SCREENSHOTS / f"docs-{name}.png")

                await page.goto(url + "/redoc")
                await page.wait_for_selector("[data-section-id^='operation/']",
                                             state="attached", timeout=30_000)
                listed = await page.locator("[data-section-id^='operation/']").count()
                assert listed >= len(operations), f"{name}: ReDoc lists {listed}"
                await page.screenshot(path=SCREENSHOTS / f"redoc-{name}.png")

                assert blocked == [], f"{name} asked outside 127.0.0.1: {blocked}"
                assert errors == [], f"{name}: {errors}"
                await page.close()


async def test_no_security_header_is_sent_twice_on_the_docs_pages(tmp_path):
    """public-notice adds security headers to its own pages; the platform's docs pages
    name theirs already, and a header sent twice is one a browser may read either way."""
    from services.public_notice.app import create_app
    from services.public_notice.config import Settings
    from tests.integration.service_kit import serving

    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/pn.db",
                              kafka_bootstrap_servers="127.0.0.1:1", relay_enabled=False,
                              consumers_enabled=False, audit_checkpoint_seconds=0))
    async with serving(app) as client:
        for path in ("/docs", "/redoc"):
            answer = await client.get(path)
            names = [name.lower() for name, _ in answer.headers.multi_items()]
            repeated = {name for name in names if names.count(name) > 1}
            assert not repeated & {"x-content-type-options", "referrer-policy",
                                   "content-security-policy", "cache-control"}, (path,
                                                                                 repeated)
