"""Duplicates link to the first complaint (CP-1); misrouted complaints are passed on (CP-2)."""

from __future__ import annotations

import asyncio
import os
import random

import pytest
from sqlalchemy import select

from services.complaint_intake.models import Complaint
from tests.integration.complaint_intake.conftest import (
    HOTLINE,
    SCJG,
    SCJG_OFFICER,
    STHJ,
    events,
    file,
    filing,
    fresh_uscc,
    make_app,
    serving,
)
from tests.integration.service_kit import migrated_database

TEXT = "这家餐馆后厨卫生极差，老鼠出没，餐具不消毒，多人吃完腹泻。"
RETOLD = "这家餐馆后厨卫生极差，有老鼠出没，餐具不消毒，很多人吃完腹泻！"


async def test_a_repeat_links_to_the_first_and_keeps_count_and_channels(client):
    uscc = fresh_uscc()
    first = await file(client, filing(uscc, description=TEXT))
    again = await file(client, filing(uscc, description=RETOLD, channel="12345"), HOTLINE)
    third = await file(client, filing(uscc, description=TEXT))
    assert again["duplicate_of"] == first["complaint_id"] == third["duplicate_of"]
    assert again["status"] == "linked" and again["accept_by"] is None
    detail = (await client.get(f"/v1/complaints/{first['complaint_id']}",
                               headers=SCJG)).json()
    assert detail["duplicates"] == 2 and detail["channels"] == ["public", "12345"]
    queue = [item["complaint_id"] for item in (await client.get("/v1/queue",
                                                                headers=SCJG)).json()]
    assert first["complaint_id"] in queue and again["complaint_id"] not in queue
    routed = await events(client.app, "complaint.routed.v1", again["complaint_id"])
    assert routed == []  # no second task
    received = await events(client.app, "complaint.received.v1", again["complaint_id"])
    assert received[0]["duplicate_of"] == first["complaint_id"]
    await client.post(f"/v1/complaints/{first['complaint_id']}/accept", headers=SCJG)
    receipt = (await client.get(f"/v1/receipts/{again['receipt_code']}")).json()
    assert receipt["linked"] and receipt["status"] == "accepted"  # the first one's handling


async def test_the_same_complaint_filed_many_times_at_once_opens_one_task(client):
    # All eight are read before any is written, so only the writer can link them.
    uscc = fresh_uscc()
    filed = await asyncio.gather(*(file(client, filing(uscc, description=TEXT if n % 2
                                                       else RETOLD)) for n in range(8)))

    firsts = [f for f in filed if f["duplicate_of"] is None]
    assert len(firsts) == 1
    assert {f["duplicate_of"] for f in filed if f is not firsts[0]} == {
        firsts[0]["complaint_id"]}
    detail = (await client.get(f"/v1/complaints/{firsts[0]['complaint_id']}",
                               headers=SCJG)).json()
    assert detail["duplicates"] == 7
    routed = [await events(client.app, "complaint.routed.v1", f["complaint_id"]) for f in filed]
    assert sum(len(found) for found in routed) == 1
    assert client.app.state.context.intake.batches < 8  # they were written together


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"),
                    reason="TEST_POSTGRES_URL is not set")
async def test_two_instances_filing_the_same_complaint_at_once_open_one_task(
        tmp_path_factory):
    """Two replicas of the service on one PostgreSQL database (instances share a
    database only there): the advisory lock makes the second see the first."""
    uscc = fresh_uscc()
    async with migrated_database("complaint_intake", "postgres", tmp_path_factory) as url, \
            serving(make_app(url)) as one, serving(make_app(url)) as two:
        filed = await asyncio.gather(*(file(one if n % 2 else two, filing(
            uscc, description=TEXT if n % 3 else RETOLD)) for n in range(12)))

    firsts = [f["complaint_id"] for f in filed if f["duplicate_of"] is None]
    assert len(firsts) == 1
    assert {f["duplicate_of"] for f in filed} == {None, firsts[0]}


async def test_another_category_entity_or_text_opens_its_own_task(client):
    uscc = fresh_uscc()
    first = await file(client, filing(uscc, description=TEXT))
    other_category = await file(client, filing(uscc, description=TEXT, category="pricing"))
    other_entity = await file(client, filing(description=TEXT))
    other_text = await file(client, filing(uscc, description="门口违规摆放广告牌，占用盲道。"))
    report = await file(client, filing(uscc, description=TEXT, kind="report"))
    for filed in (other_category, other_entity, other_text, report):
        assert filed["duplicate_of"] is None and filed["status"] == "received"
    assert first["duplicate_of"] is None
    assert report["decide_case_by"] is not None  # a report keeps its own deadline


async def test_a_repeat_of_a_refused_or_closed_complaint_opens_its_own_task(client):
    uscc = fresh_uscc()
    first = await file(client, filing(uscc, description=TEXT))
    refused = await client.post(f"/v1/complaints/{first['complaint_id']}/refuse",
                                json={"reason": "证据不足，不予受理"}, headers=SCJG)
    assert refused.status_code == 200, refused.text

    again = await file(client, filing(uscc, description=TEXT))
    once_more = await file(client, filing(uscc, description=TEXT))

    assert again["duplicate_of"] is None and again["status"] == "received"
    assert once_more["duplicate_of"] == again["complaint_id"]  # the open one gathers repeats


async def test_a_department_passes_a_misrouted_complaint_on_and_it_is_counted(client):
    filed = await file(client, filing(description="工厂夜间偷排污水，河水发黑发臭。"))
    assert filed["department"] == "SCJG"  # food_safety has no district line
    scjg = SCJG
    bad = await client.post(f"/v1/complaints/{filed['complaint_id']}/pass-on",
                            json={"department": "NOPE", "reason": "应由环保处理"}, headers=scjg)
    assert bad.status_code == 422 and "departments.yaml" in bad.json()["detail"]
    moved = await client.post(f"/v1/complaints/{filed['complaint_id']}/pass-on",
                              json={"department": "STHJ", "reason": "属环境污染，由生态环境局办理"},
                              headers=scjg)
    assert moved.status_code == 200, moved.text
    assert moved.json()["department"] == "STHJ" and moved.json()["misroutes"] == 1
    again = await client.post(f"/v1/complaints/{filed['complaint_id']}/pass-on",
                              json={"department": "JTYS", "reason": "再转"}, headers=scjg)
    assert again.status_code == 403  # no longer theirs
    routed = await events(client.app, "complaint.routed.v1", filed["complaint_id"])
    assert [(r["department"], r["previous_department"]) for r in routed] == [
        ("SCJG", None), ("STHJ", "SCJG")]
    assert "reason" not in routed[1]
    stats = (await client.get("/v1/stats", params={"department": "SCJG"},
                              headers=STHJ)).json()
    assert stats["misroutes"] == 1


async def test_a_duplicate_and_its_reporter_go_with_the_first_complaints_department(client):
    """CP-4: only the department handling a complaint sees who reported it, also for a
    repeat that arrived before or after the first was passed on, or from another district."""
    uscc = fresh_uscc()
    reporter = {"name": "赵举报", "phone": "13900002222"}
    first = await file(client, filing(uscc, description=TEXT))
    before = await file(client, filing(uscc, description=RETOLD, reporter=reporter))
    await client.post(f"/v1/complaints/{first['complaint_id']}/pass-on", headers=SCJG,
                      json={"department": "STHJ", "reason": "属环境卫生，由生态环境局办理"})
    after = await file(client, filing(uscc, description=TEXT, reporter=reporter,
                                      region="370283"))

    assert after["duplicate_of"] == first["complaint_id"] and after["department"] == "STHJ"
    for duplicate in (before, after):
        path = f"/v1/complaints/{duplicate['complaint_id']}/reporter"
        handler = await client.get(path, headers=STHJ)
        previous = await client.get(path, headers=SCJG_OFFICER)
        assert handler.status_code == 200 and handler.json()["phone"] == reporter["phone"]
        assert previous.status_code == 403 and reporter["phone"] not in previous.text
    stats = (await client.get("/v1/stats", headers=STHJ)).json()
    assert stats["duplicates"] >= 2



async def test_an_entity_with_a_flood_of_complaints_still_links_repeats(client):
    """Past 50 candidates the lookup keeps those sharing an LSH band (in the database)."""
    uscc, rng = fresh_uscc(), random.Random(56)
    texts = ["".join(chr(0x4E00 + rng.randrange(2000)) for _ in range(24)) for _ in range(56)]
    firsts = [await file(client, filing(uscc, category="product_quality", description=text))
              for text in texts]
    assert sum(f["duplicate_of"] is not None for f in firsts) == 0
    retold = texts[2][:20] + "，请尽快处理！"
    repeat = await file(client, filing(uscc, category="product_quality", description=retold))
    assert repeat["duplicate_of"] == firsts[2]["complaint_id"]
    # Buckets are computed only once the group is past the one-by-one comparison (the
    # 52nd first on), and rows filed before stay candidates (texts[2] had none).
    stored = await _buckets(client.app, [f["complaint_id"] for f in firsts])
    assert [stored[f["complaint_id"]] is None for f in firsts] == [True] * 51 + [False] * 5
    late = texts[53][:20] + "，请尽快处理！"
    again = await file(client, filing(uscc, category="product_quality", description=late))
    assert again["duplicate_of"] == firsts[53]["complaint_id"]


async def _buckets(app, ids):  # type: ignore[no-untyped-def]
    table = Complaint.__table__.c
    async with app.state.db.reader() as session:
        rows = await session.execute(select(table.id, table.buckets).where(table.id.in_(ids)))
        return {row.id: row.buckets for row in rows}


async def test_every_filer_rates_the_handling_and_the_department_is_rated_by_all(
        tmp_path_factory):
    """回访: a linked duplicate's filer rates the first complaint's handling on their own
    receipt, once; both ratings reach the department's satisfaction."""
    uscc = fresh_uscc()
    async with migrated_database("complaint_intake", "sqlite", tmp_path_factory) as url, \
            serving(make_app(url)) as client:
        first = await file(client, filing(uscc, description=TEXT))
        again = await file(client, filing(uscc, description=RETOLD))
        assert again["duplicate_of"] == first["complaint_id"]

        async def rate(filed: dict, score: int) -> int:
            return (await client.post(f"/v1/receipts/{filed['receipt_code']}/rating",
                                      json={"score": score})).status_code

        early = await rate(again, 2)
        for action, body in (("accept", None), ("close", {"outcome": "not_substantiated"})):
            await client.post(f"/v1/complaints/{first['complaint_id']}/{action}",
                              json=body, headers=SCJG)
        receipt = (await client.get(f"/v1/receipts/{again['receipt_code']}")).json()
        rated = [await rate(again, 2), await rate(first, 5), await rate(again, 1)]
        stats = (await client.get("/v1/stats", headers=SCJG)).json()
        shown = [(await client.get(f"/v1/receipts/{f['receipt_code']}")).json()
                 for f in (first, again)]

    assert early == 409 and receipt["rating_open"] is True
    assert rated == [204, 204, 409]  # each receipt once
    assert [(r["satisfaction"], r["rating_open"]) for r in shown] == [(5, False), (2, False)]
    assert (stats["received"], stats["duplicates"], stats["satisfaction"]) == (1, 1, 3.5)
