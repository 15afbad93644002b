"""The credit report as a document people hand out (issue 19 §2): issued, numbered and
timed in China, in words rather than codes, 经营者 for a 个体工商户, HTML error pages for a
browser, and the headers of a personal page."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import timedelta
from html import unescape

import pytest

from shared.uscc import generate_many
from tests.clock import TODAY
from tests.integration.credit_rating.conftest import YJGL, fresh_uscc, register
from tests.integration.credit_rating.report_history import rich_history

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CODES = re.compile(r"\b(administrative_penalty|inspection_result|substantiated_complaint|"
                   r"award|active|under_objection|repaired|expired|approved|pending|general|"
                   r"serious|minor|public|industry|market|overall|SCJG|YJGL|STHJ|WSJK|XZSP|"
                   r"XZSP-001|370211|C1391)\b")
SOLE_TRADERS = iter(generate_many(20, seed=2026_1125, category="2"))


def visible_text(html: str) -> str:
    """What a reader sees: no tags, styles or attributes."""
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


async def test_the_report_is_issued_numbered_and_timed_to_the_second_in_china(client):
    uscc = await register(client)
    body = (await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)).json()
    page = (await client.get(f"/v1/entities/{uscc}/report.html", headers=YJGL)).text

    # the tests' clock is just after 16:00 UTC: in China it is already the next day
    assert body["as_of"] == TODAY.isoformat()
    assert re.fullmatch(rf"{TODAY.isoformat()}T00:0\d:\d\d\+08:00", body["generated_at"])
    assert re.fullmatch(rf"XYBG-{TODAY:%Y%m%d}-[A-Z2-7]{{8}}", body["number"])
    assert body["issuer"]["name"] == "青岛市市场监督管理局"
    text = visible_text(page)
    day = f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"
    assert re.search(rf"报告日\s+{day}\s", text)
    assert re.search(rf"生成于\s+{day} 00:0\d:\d\d\s*（北京时间）", text)
    assert f"出具机关 {body['issuer']['name']}" in re.sub(r"\s+", " ", text)
    assert body["number"] in text


async def test_the_page_says_everything_in_words_and_numbers_its_records(client):
    uscc = await rich_history(client, records=8)
    body = (await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)).json()
    text = visible_text((await client.get(f"/v1/entities/{uscc}/report.html",
                                          headers=YJGL)).text)

    assert not UUID.search(text), UUID.search(text)
    assert not CODES.search(text), CODES.search(text)
    for words in ("山东省青岛市黄岛区", "制造业 · 农副食品加工业", "青岛市应急管理局", "严重",
                  "一般", "轻微", "公共信用", "行业信用", "市场信用", "告知承诺审批事项事后核查",
                  "准予修复", "处理中", "履行中", "法定代表人"):
        assert words in text, words
    numbers = sorted(r["number"] for r in body["records"])
    assert numbers == list(range(1, 9))
    first_entered = max(body["records"], key=lambda r: r["decided_on"])  # (rich_history)
    assert first_entered["number"] == 1  # numbered in the order entered
    earlier = (await client.get(f"/v1/entities/{uscc}/report", headers=YJGL, params={
        "as_of": (TODAY - timedelta(days=200)).isoformat()})).json()
    same = {r["id"]: r["number"] for r in body["records"]}
    assert all(same[r["id"]] == r["number"] for r in earlier["records"])  # stable


async def test_a_sole_trader_has_an_operator_not_a_legal_representative(client):
    uscc = await register(client, uscc=next(SOLE_TRADERS), name="青岛市黄岛区张记早餐店",
                          legal_representative="张记")
    body = (await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)).json()
    text = visible_text((await client.get(f"/v1/entities/{uscc}/report.html",
                                          headers=YJGL)).text)
    assert uscc.startswith("92") and body["entity"]["representative_title"] == "经营者"
    assert "经营者 张记" in re.sub(r"\s+", " ", text) and "法定代表人" not in text
    assert "个体工商户信用报告" in text


@pytest.mark.parametrize("path", ["report", "report.html"])
async def test_a_browser_meets_an_error_as_a_page_saying_what_to_do(client, path):
    uscc = await register(client, established_on="2015-03-01")
    no_token = await client.get(f"/v1/entities/{uscc}/{path}", headers=BROWSER)
    unknown = await client.get(f"/v1/entities/{fresh_uscc()}/{path}",
                               headers={**BROWSER, **YJGL})
    too_early = await client.get(f"/v1/entities/{uscc}/{path}", params={
        "as_of": "2015-02-28"}, headers={**BROWSER, **YJGL})
    future = await client.get(f"/v1/entities/{uscc}/{path}", params={
        "as_of": (TODAY + timedelta(days=1)).isoformat()}, headers={**BROWSER, **YJGL})

    assert no_token.status_code == 401 and "需要部门访问令牌" in no_token.text
    assert no_token.headers["www-authenticate"].startswith("Bearer")
    assert unknown.status_code == 404 and "没有找到该市场主体" in unknown.text
    for answer in (too_early, future):
        assert answer.status_code == 422 and "报告日有误" in answer.text
        assert "as_of" in answer.text
    for answer in (no_token, unknown, too_early, future):
        assert answer.headers["content-type"].startswith("text/html"), answer.text
        assert answer.headers["cache-control"] == "no-store"
        assert "default-src 'none'" in answer.headers["content-security-policy"]
    program = await client.get(f"/v1/entities/{fresh_uscc()}/{path}",
                               headers={**YJGL, "Accept": "application/json"})
    assert program.status_code == 404
    assert program.headers["content-type"] == "application/problem+json"


async def test_report_answers_are_not_stored_and_the_page_allows_only_its_own_styles(client):
    uscc = await register(client)
    page = await client.get(f"/v1/entities/{uscc}/report.html", headers=YJGL)
    twin = await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)

    assert page.headers["cache-control"] == "no-store"
    assert twin.headers["cache-control"] == "no-store"
    policy = page.headers["content-security-policy"]
    assert "http" not in policy and "unsafe" not in policy and "script-src" not in policy
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.text
    styles = re.findall(r"<style>(.*?)</style>", page.text, flags=re.S)
    assert len(styles) == 2
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy  # each inline style is allowed by its hash
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text)
