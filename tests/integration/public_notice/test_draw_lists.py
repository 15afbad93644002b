"""Draw lists (抽查名单) stay hidden until the inspection window opens, so nobody is tipped
off, and are public after (PN-2)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from services.public_notice.models import Notice
from shared.contracts.inspection import (
    DrawCompleted,
    InspectionResultRecorded,
    PlanPublished,
    ResultCategory,
    StratumProbability,
)
from tests.clock import TODAY, days_ago
from tests.integration.public_notice.conftest import (
    context_of,
    deliver,
    envelope,
    events,
    fresh_uscc,
    register,
    send,
)

STRATA = [StratumProbability(grade="B", risk="", no_penalty_3y=False, population=100,
                             sample_size=2, probability="2/100")]


def plan(plan_id: str) -> PlanPublished:
    return PlanPublished(plan_id=plan_id, department="SCJG", departments=["SCJG", "STHJ"],
                         year=TODAY.year, title=f"{TODAY.year} 年度双随机抽查计划",
                         filed_with="SF", task_ids=["T-1"])


async def draw(app, draw_id: str, plan_id: str, drawn: list[str],  # type: ignore[no-untyped-def]
               replaces: str | None = None) -> None:
    made = envelope(DrawCompleted(
        draw_id=draw_id, task_id="T-1", plan_id=plan_id, commitment_hash="ab" * 32,
        selected=sorted(drawn), selected_count=len(drawn), selected_complete=True,
        strata=STRATA, proof=f"/v1/draws/{draw_id}/proof", replaces=replaces), "inspection")
    await deliver(app, made.model_copy(update={
        "time": datetime.combine(days_ago(5), time(2), tzinfo=UTC)}))


def result(uscc: str, department: str, recorded_on=None) -> InspectionResultRecorded:  # type: ignore[no-untyped-def]
    return InspectionResultRecorded(
        result_id=f"R-{uscc[-6:]}-{department}", visit_id="V-1", uscc=uscc, matter="SCJG-002",
        department=department, result_category=ResultCategory.NO_PROBLEM_FOUND,
        recorded_on=recorded_on or days_ago(1))


async def held_list(app, draw_id: str) -> Notice:  # type: ignore[no-untyped-def]
    async with context_of(app).database.reader() as session:
        return (await session.scalars(select(Notice).where(Notice.reference == draw_id))).one()


async def draw_lists(client) -> list[dict]:  # type: ignore[no-untyped-def]
    found = await client.get("/v1/notices", params={"kind": "draw_list", "size": 100})
    return found.json()["items"]


@pytest.mark.parametrize("ahead", [True, False], ids=["batch", "one_by_one"])
async def test_a_draw_list_is_hidden_before_the_window_opens_and_shown_after(app, client,
                                                                            ahead):
    drawn = [await register(app, "青岛崂山云雾茶业有限公司"), await register(app)]
    plan_id, draw_id = f"P-{drawn[0][-6:]}", f"D-{drawn[0][-6:]}"
    await send(app, plan(plan_id), "inspection")
    await draw(app, draw_id, plan_id, drawn)

    held = await held_list(app, draw_id)
    assert held.status == "held"
    assert held.id not in {item["id"] for item in await draw_lists(client)}
    assert (await client.get(f"/v1/notices/{held.id}")).status_code == 404
    assert (await client.get(f"/notices/{held.id}")).status_code == 404
    page = await client.get(f"/entities/{drawn[0]}")
    assert "双随机抽查名单" not in page.text
    assert (await client.get(f"/v1/entities/{drawn[0]}/public")).json()["draw_lists"] == []
    assert held.id not in (await client.get("/notices?kind=draw_list")).text  # nor linked

    for early in (result(fresh_uscc(), "SCJG"),  # someone not drawn
                  result(drawn[1], "WSJK"),  # not a department of the plan
                  result(drawn[1], "SCJG", days_ago(6))):  # before the draw
        await send(app, early, "inspection", read_ahead=ahead)
    assert (await client.get(f"/v1/entities/{drawn[0]}/public")).json()["draw_lists"] == []
    # a visit began: the window is open
    await send(app, result(drawn[1], "STHJ"), "inspection", read_ahead=ahead)

    profile = (await client.get(f"/v1/entities/{drawn[0]}/public")).json()
    [appearance] = profile["draw_lists"]
    assert appearance["notice_id"] == held.id
    detail = (await client.get(f"/v1/notices/{appearance['notice_id']}")).json()
    assert sorted(hit["uscc"] for hit in detail["selected"]) == sorted(drawn)
    assert detail["notice"]["published_on"] == TODAY.isoformat()
    assert "青岛崂山云雾茶业有限公司" in (await client.get(
        f"/notices/{appearance['notice_id']}")).text
    assert len(await events(app, "notice.published.v1", appearance["notice_id"])) == 1


async def test_a_redraw_supersedes_the_list_it_replaces(app, client):
    first, second = await register(app), await register(app)
    plan_id = f"P-{first[-6:]}"
    await send(app, plan(plan_id), "inspection")
    await draw(app, f"D-{first[-6:]}-1", plan_id, [first])
    await draw(app, f"D-{first[-6:]}-2", plan_id, [second], replaces=f"D-{first[-6:]}-1")
    await send(app, result(first, "SCJG"), "inspection")  # the replaced list never opens
    await send(app, result(second, "SCJG"), "inspection")
    assert (await client.get(f"/v1/entities/{first}/public")).json()["draw_lists"] == []
    assert len((await client.get(f"/v1/entities/{second}/public")).json()["draw_lists"]) == 1
