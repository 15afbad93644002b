"""The credit report in a real headless Chromium (issue 19): at desktop and phone width,
with every request outside 127.0.0.1 blocked, without console errors, in words (no code
and no UUID in what a reader sees), drawn in a CJK font, and printed on numbered A4 pages
with no date broken across lines and no heading left at a page foot. The screenshots are
kept under var/screenshots/."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from playwright.async_api import Browser, Page

from tests.browser import (
    DESKTOP,
    PAGE_NUMBER,
    PHONE,
    SCREENSHOTS,
    UUID,
    chromium,
    console_errors,
    font_families,
    local_only,
    needs_chromium,
    overflow,
    page_numbers,
    served,
    smallest_text,
)
from tests.integration.credit_rating.conftest import SCJG, YJGL, make_app
from tests.integration.credit_rating.report_history import add_record, rich_history
from tests.integration.public_notice.pdf_text import page_texts

pytestmark = needs_chromium
# what a reader must never see: enum values, department codes, GB codes, English
CODES = re.compile(r"administrative_penalty|inspection_result|substantiated_complaint|"
                   r"approval_substitute|public_disclosure|under_objection|\bactive\b|"
                   r"\bapproved\b|\bremoved\b|\bgeneral\b|\bserious\b|\bminor\b|\bpublic\b|"
                   r"\bindustry\b|\bmarket\b|\bSCJG\b|\bYJGL\b|\bSTHJ\b|\bXZSP\b|\b370211\b|"
                   r"\bC1391\b|\bTrue\b|\bFalse\b|\bNone\b")
HEADINGS = ("一、主体登记信息", "二、信用等级", "三、名单信息", "四、信用记录", "五、信用承诺",
            "六、信用修复", "七、异议申诉", "说明")


@asynccontextmanager
async def report_page(database: str, records: int = 14) -> AsyncIterator[tuple[str, dict]]:
    """The served app and the URL of a rich entity's report page."""
    app = make_app(database)
    async with served(app) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            uscc = await rich_history(client, records=records)
        yield f"{url}/v1/entities/{uscc}/report.html", YJGL


async def open_page(browser: Browser, url: str, headers: dict, viewport: dict,
                    blocked: list[str]) -> tuple[Page, list[str]]:
    page = await browser.new_page(viewport=viewport, locale="zh-CN",
                                  extra_http_headers=headers, java_script_enabled=False)
    errors = console_errors(page)
    await local_only(page, blocked)
    answer = await page.goto(url)
    assert answer is not None and answer.status == 200, answer and await answer.text()
    return page, errors


@pytest.mark.timeout(240)
async def test_the_report_reads_as_a_document_on_a_desktop_and_a_phone(database):
    async with report_page(database) as (url, headers), chromium() as browser:
        blocked: list[str] = []
        page, errors = await open_page(browser, url, headers, DESKTOP, blocked)
        text = await page.locator("body").inner_text()
        assert not UUID.search(text), UUID.search(text)
        assert not CODES.search(text), CODES.search(text)
        assert "青岛市市场监督管理局" in text and "山东省青岛市黄岛区" in text
        assert "制造业 · 农副食品加工业" in text and "告知承诺审批事项事后核查" in text
        assert "记录 1" in text and "准予修复" in text
        assert {"Noto Sans CJK SC"} & await font_families(page, "h1")
        assert {"Noto Sans CJK SC"} & await font_families(page, "table.rows td")
        await page.screenshot(path=SCREENSHOTS / "credit-report-desktop.png", full_page=True)

        phone, phone_errors = await open_page(browser, url, headers, PHONE, blocked)
        assert await overflow(phone) == 0, "the report is wider than a 390px phone"
        assert await smallest_text(phone) >= 12
        await phone.screenshot(path=SCREENSHOTS / "credit-report-phone.png", full_page=True)

        stranger = await browser.new_page(viewport=PHONE, locale="zh-CN")  # no token
        await local_only(stranger, blocked)
        refused = await stranger.goto(url)
        assert refused is not None and refused.status == 401
        assert "需要部门访问令牌" in await stranger.locator("h1").inner_text()
        await stranger.screenshot(path=SCREENSHOTS / "credit-report-401-phone.png")
        assert blocked == [] and errors == [] and phone_errors == []


def stranded_headings(pdf: bytes) -> list[str]:
    """The headings that end a printed page (their section starts on the next one)."""
    found = []
    for number, text in enumerate(page_texts(pdf), start=1):
        body = PAGE_NUMBER.sub("", unicodedata.normalize("NFKC", text)).rstrip()
        found += [f"page {number}: {h}" for h in HEADINGS if body.endswith(h)]
    return found


@pytest.mark.timeout(300)
async def test_the_report_prints_on_numbered_a4_pages_with_whole_dates(database):
    async with report_page(database, records=22) as (url, headers), chromium() as browser:
        page, errors = await open_page(browser, url, headers, DESKTOP, [])
        await page.emulate_media(media="print")
        await page.set_viewport_size({"width": 680, "height": 900})  # A4 less its margins
        broken = await page.eval_on_selector_all(
            "time", "els => els.filter(e => e.getClientRects().length > 1 || "
            "e.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(e)"
            ".fontSize)).map(e => e.textContent)")
        assert broken == [], f"dates broken across lines: {broken}"
        pdf = await page.pdf(format="A4", prefer_css_page_size=True)
        (SCREENSHOTS / "credit-report.pdf").write_bytes(pdf)
        numbers = page_numbers(pdf)
        assert len(numbers) >= 2 and numbers == [
            (n, len(numbers)) for n in range(1, len(numbers) + 1)]
        assert "报告编号" in page_texts(pdf)[-1]  # each page says which report it is
        assert errors == []


@pytest.mark.timeout(300)
async def test_no_heading_is_left_at_a_page_foot_however_long_the_file(database):
    """A file grows a record at a time, so that each heading passes the foot of a page."""
    app = make_app(database)
    async with served(app) as url, httpx.AsyncClient(base_url=url) as client, \
            chromium() as browser:
        uscc = await rich_history(client, records=8)
        page = await browser.new_page(extra_http_headers=YJGL, java_script_enabled=False)
        await page.emulate_media(media="print")
        stranded = []
        for more in range(24):
            await page.goto(f"{url}/v1/entities/{uscc}/report.html")
            stranded += [f"{8 + more} records, {where}" for where in stranded_headings(
                await page.pdf(format="A4", prefer_css_page_size=True))]
            await add_record(client, uscc, SCJG, "SCJG", "administrative_penalty", "minor",
                             900 + 30 * more, "《中华人民共和国食品安全法》第一百二十六条")
        assert stranded == []
