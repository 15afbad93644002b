"""The public page in a real headless Chromium (Debian's, driven by Playwright's client):
search → entity page, with every request outside 127.0.0.1 blocked, at desktop and
phone width, in a CJK font, without JavaScript errors; the screenshot is kept for the
var/screenshots/ (the entity page, which docs/public-notice.png shows in the README when
copied there by hand, and the phone view): a test run never rewrites a tracked file."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from playwright.async_api import async_playwright

from services.public_notice.demo import seed_demo
from shared.settings import REPO_ROOT
from tests.browser import ARGS, CHROMIUM, UUID, font_families, local_only, needs_chromium
from tests.browser import served as served_app
from tests.integration.public_notice.conftest import context_of, make_app
from tests.integration.public_notice.pdf_text import page_texts

SCREENSHOT = REPO_ROOT / "var" / "screenshots" / "public-notice.png"
PHONE_SHOT = REPO_ROOT / "var" / "screenshots" / "public-notice-phone.png"
CODES = re.compile(r"administrative_penalty|inspection_result|draw_list|blacklist|"
                   r"SCJG|STHJ|period_ended|general|serious")
pytestmark = needs_chromium


@asynccontextmanager
async def served(database: str) -> AsyncIterator[str]:
    app = make_app(database)
    await seed_demo(context_of(app))
    async with served_app(app) as url:
        yield url


@pytest.mark.timeout(180)
async def test_search_leads_to_the_entity_page_in_chromium(database):
    async with served(database) as url, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1366, "height": 900},
                                          locale="zh-CN", java_script_enabled=False)
            blocked: list[str] = []
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            await local_only(page, blocked)
            await page.goto(url + "/")
            await page.get_by_label("企业名称或统一社会信用代码", exact=True).fill("海岸食品")
            await page.get_by_role("button", name="查询", exact=True).last.click()
            await page.wait_for_url(re.compile(r"/search\?q="))
            await page.get_by_role("link", name="青岛海岸食品有限公司").click()
            await page.wait_for_url(re.compile(r"/entities/9"))
            assert await page.locator("h1").inner_text() == "青岛海岸食品有限公司"
            text = await page.locator("body").inner_text()
            assert "行政处罚决定：罚款 20,000 元" in text and "青岛市市场监督管理局" in text
            assert not UUID.search(text) and not CODES.search(text)
            header = await page.evaluate(
                "getComputedStyle(document.querySelector('header.site')).backgroundColor")
            assert header == "rgb(158, 27, 20)"  # the stylesheet, from 127.0.0.1, applied
            assert blocked == [] and failed == []
            assert "Noto Sans CJK SC" in await font_families(page, "h1")
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=SCREENSHOT, full_page=True)

            phone = await browser.new_page(viewport={"width": 390, "height": 844},
                                           locale="zh-CN", java_script_enabled=False)
            await local_only(phone, blocked)
            await phone.goto(page.url)
            wide = await phone.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"the page is {wide}px wide on a 390px phone"
            smallest = await phone.evaluate(
                "Math.min(...[...document.querySelectorAll('body *')].filter(e => "
                "e.innerText && e.offsetParent).map(e => parseFloat(getComputedStyle(e)"
                ".fontSize)))")
            assert smallest >= 12
            PHONE_SHOT.parent.mkdir(parents=True, exist_ok=True)
            await phone.screenshot(path=PHONE_SHOT, full_page=True)
            assert blocked == []
        finally:
            await browser.close()


@pytest.mark.timeout(180)
async def test_the_page_prints_on_numbered_a4_pages_without_its_navigation(database):
    async with served(database) as url, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(java_script_enabled=True)
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            await local_only(page, [])
            await page.goto(url + "/notices")
            await page.emulate_media(media="print")
            assert await page.evaluate(
                "getComputedStyle(document.querySelector('header nav')).display") == "none"
            pages = page_texts(await page.pdf(format="A4", prefer_css_page_size=True))
            numbers = [re.match(r"第 (\d+) \S / 共 (\d+) \S", text) for text in pages]
            assert all(numbers), pages
            assert [(int(m[1]), int(m[2])) for m in numbers if m] == [
                (n, len(pages)) for n in range(1, len(pages) + 1)]
            assert errors == []
        finally:
            await browser.close()
