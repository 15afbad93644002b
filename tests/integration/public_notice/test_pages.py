"""The public pages as a browser gets them (no JavaScript needed), their JSON twins, the
feeds, the receipt form relayed to complaint-intake, and the public's quota."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from xml.etree import ElementTree

import uvicorn
from fastapi import FastAPI, HTTPException

from services.public_notice.demo import seed_demo
from shared.messaging.embedded_broker import free_port
from tests.integration.public_notice.conftest import make_app, penalty, register, send, serving

HTML = {"Accept": "text/html"}
ATOM = "{http://www.w3.org/2005/Atom}"


async def test_the_home_page_searches_and_leads_to_the_entity_page(app, client):
    uscc = await register(app, "青岛海岸食品有限公司")
    await send(app, penalty(uscc, fine="20000"))
    home = await client.get("/", headers=HTML)
    assert home.status_code == 200
    assert '<html lang="zh-CN">' in home.text and 'name="viewport"' in home.text
    assert '<label for="q">企业名称或统一社会信用代码</label>' in home.text
    found = await client.get("/search", params={"q": "海岸食品"}, headers=HTML)
    assert f'href="/entities/{uscc}"' in found.text
    by_code = await client.get("/search", params={"q": uscc}, headers=HTML)
    assert f'href="/entities/{uscc}"' in by_code.text
    page = await client.get(f"/entities/{uscc}", headers=HTML)
    assert "<h1>青岛海岸食品有限公司</h1>" in page.text and "罚款 20,000 元" in page.text
    short = await client.get("/search", params={"q": "海"}, headers=HTML)
    assert short.status_code == 422 and "至少 2 个字" in short.text
    for odd in ("\x00\x00", "%_", "'; --"):  # a NUL, LIKE's wildcards, a quote
        assert (await client.get("/v1/entities", params={"q": odd})).json() == []
        assert (await client.get("/search", params={"q": odd}, headers=HTML)).status_code \
            in (200, 422)


async def test_pages_send_security_headers_and_no_outside_source(client):
    page = await client.get("/rules", headers=HTML)
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert "http://" not in page.text and "https://" not in page.text
    api = await client.get("/v1/kinds")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers


async def test_a_browser_gets_an_html_error_that_says_what_to_do(client):
    unknown = await client.get("/entities/91370200084700548K", headers=HTML)
    assert unknown.status_code == 404 and "请核对代码" in unknown.text
    bad = await client.get("/entities/91370211712345670Y", headers=HTML)
    assert bad.status_code == 422 and "统一社会信用代码有误" in bad.text
    nowhere = await client.get("/no/such/page", headers=HTML)
    assert nowhere.status_code == 404 and "返回首页" in nowhere.text
    api = await client.get("/v1/entities/91370200084700548K/public", headers=HTML)
    assert api.headers["content-type"] == "application/problem+json"


async def test_an_atom_feed_per_kind(app, client):
    uscc = await register(app)
    await send(app, penalty(uscc, severity="serious", fine="300000"))
    for kind in ("administrative_penalty", "exposure"):
        feed = await client.get(f"/feeds/{kind}.atom")
        assert feed.headers["content-type"].startswith("application/atom+xml")
        root = ElementTree.fromstring(feed.content)
        titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
        assert any(title.startswith("青岛海岸食品有限公司：行政处罚决定") for title in titles)
    assert (await client.get("/feeds/nonsense.atom")).status_code == 422


@asynccontextmanager
async def complaint_intake() -> AsyncIterator[str]:
    """A stand-in for complaint-intake's public receipt lookup, served for real."""
    stub = FastAPI()

    @stub.get("/v1/receipts/{code}")
    async def receipt(code: str) -> dict:  # type: ignore[type-arg]
        if code != "4829301746502817":
            raise HTTPException(404)
        return {"receipt_code": code, "kind": "complaint", "category": "food_safety",
                "status": "investigating", "outcome": None, "received_on": "2026-11-20",
                "department": "SCJG", "linked": False, "satisfaction": None,
                "rating_open": False, "replies": [
                    {"at": "2026-11-21T02:00:00Z", "text": "已受理，正在调查核实。"}]}

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(stub, host="127.0.0.1", port=port, log_config=None))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_the_receipt_form_shows_the_handling_in_words(database):
    async with complaint_intake() as url, serving(make_app(
            database, complaint_intake_url=url)) as client:
        found = await client.get("/receipts", params={"code": "4829 3017 4650 2817"},
                                 headers=HTML)
        assert found.status_code == 200
        assert "调查处理中" in found.text and "食品安全" in found.text
        assert "青岛市市场监督管理局" in found.text and "已受理，正在调查核实。" in found.text
        missing = await client.get("/receipts", params={"code": "1111222233334444"},
                                   headers=HTML)
        assert missing.status_code == 404 and "没有找到这个查询码" in missing.text
    nowhere = f"http://127.0.0.1:{free_port()}"
    async with serving(make_app(database, complaint_intake_url=nowhere)) as client:
        down = await client.get("/receipts", params={"code": "4829301746502817"},
                                headers=HTML)
        assert down.status_code == 503 and "暂时无法查询" in down.text


async def test_the_public_quota_answers_429_with_retry_after(database):
    async with serving(make_app(database, query_requests=3)) as client:
        for _ in range(3):
            assert (await client.get("/v1/kinds")).status_code == 200
        refused = await client.get("/v1/kinds")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        page = await client.get("/", headers=HTML)
        assert page.status_code == 429 and "查询过于频繁" in page.text


async def test_the_demo_shows_every_kind_once_however_often_it_is_seeded(app, client):
    ctx = app.state.context
    first = await seed_demo(ctx)
    assert await seed_demo(ctx) == first  # fixed event ids: nothing twice
    kinds = {item["kind"] for item in (await client.get("/v1/notices?size=100")).json()["items"]}
    assert {"administrative_penalty", "inspection_result", "inspection_plan", "draw_list",
            "blacklist", "abnormal_list", "commitment", "substantiated_complaint"} <= kinds
    home = await client.get("/", headers=HTML)
    assert "曝光台 · 典型案例" in home.text and "小明便利店" not in home.text
