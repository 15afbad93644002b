"""Pages in a real headless Chromium (issue 19): Debian's /usr/bin/chromium driven by
Playwright's Python client (Playwright's own browser download is never used; `make test`
installs Debian's chromium and fonts-noto-cjk where they are missing).

- ``chromium()``: the browser, closed afterwards;
- ``served(app)``: the app on a real uvicorn server on 127.0.0.1, its base URL;
- ``local_only(page, blocked)``: every request outside 127.0.0.1 is aborted and noted;
- ``console_errors(page)``: the console's errors and the page's uncaught exceptions;
- ``font_families(page, selector)``: the fonts Chromium drew the text with;
- ``overflow(page)``, ``smallest_text(page)``: what a phone shows badly;
- ``page_numbers(pdf)``: the ``第 n 页 / 共 m 页`` of each printed page.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.async_api import Browser, Page, Route, async_playwright

from shared.messaging.embedded_broker import free_port
from shared.settings import REPO_ROOT
from shared.web.serving import server_config
from tests.integration.public_notice.pdf_text import page_texts

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = REPO_ROOT / "var" / "screenshots"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
# 页 comes back from the PDF's ToUnicode map as a CJK radical (⻚): any one character
PAGE_NUMBER = re.compile(r"第 (\d+) \S / 共 (\d+) \S")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is "
                                    "missing; make test installs it")


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """``app`` (with its lifespan) on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(server_config(app, app.state.settings, port=port))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            await task  # the server failed to start: say why
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def local_only(page: Page, blocked: list[str]) -> None:
    """Abort every request outside 127.0.0.1 (a network without internet), noting it."""
    async def route(request: Route) -> None:
        if urlsplit(request.request.url).hostname == "127.0.0.1":
            await request.continue_()
        else:
            blocked.append(request.request.url)
            await request.abort()

    await page.route("**/*", route)


def console_errors(page: Page) -> list[str]:
    """A list that fills with the page's console errors and uncaught exceptions."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


async def font_families(page: Page, selector: str) -> set[str]:
    """The fonts Chromium drew ``selector``'s text with (DevTools CSS domain)."""
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("DOM.enable")
    await cdp.send("CSS.enable")
    root = await cdp.send("DOM.getDocument")
    node = await cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"],
                                                "selector": selector})
    fonts = await cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    await cdp.detach()
    return {font["familyName"] for font in fonts["fonts"]}


async def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: none)."""
    return await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


async def smallest_text(page: Page) -> float:
    """The smallest font size (px) of any visible element holding text."""
    return await page.evaluate(
        "Math.min(...[...document.querySelectorAll('body *')].filter(e => e.offsetParent "
        "&& [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))")


def page_numbers(pdf: bytes) -> list[tuple[int, int]]:
    """``(n, m)`` of ``第 n 页 / 共 m 页`` on each printed page; a page without one fails."""
    texts = page_texts(pdf)
    found = [PAGE_NUMBER.search(text) for text in texts]
    assert all(found), f"a printed page has no page number: {texts}"
    return [(int(m[1]), int(m[2])) for m in found if m]
