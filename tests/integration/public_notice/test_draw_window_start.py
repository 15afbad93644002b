"""A draw event that says when its inspection window opens (``window_start``): the list is
public at once when that day has come, held before it and opened only by a result recorded
from that day on; an event without it keeps the first-result rule (test_draw_lists)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from shared.contracts.inspection import DrawCompleted
from tests.clock import TODAY, days_ago
from tests.integration.public_notice.conftest import deliver, envelope, register, send
from tests.integration.public_notice.test_draw_lists import (
    STRATA,
    held_list,
    plan,
    result,
)


async def draw_opening(app, draw_id: str, plan_id: str, drawn: list[str],  # type: ignore[no-untyped-def]
                       window_start: date) -> None:
    made = envelope(DrawCompleted(
        draw_id=draw_id, task_id="T-1", plan_id=plan_id, commitment_hash="ab" * 32,
        selected=sorted(drawn), selected_count=len(drawn), selected_complete=True,
        strata=STRATA, proof=f"/v1/draws/{draw_id}/proof", window_start=window_start),
        "inspection")
    await deliver(app, made.model_copy(update={
        "time": datetime.combine(days_ago(5), time(2), tzinfo=UTC)}))


async def test_an_open_window_publishes_the_list_at_once(app, client):  # type: ignore[no-untyped-def]
    drawn = [await register(app)]
    plan_id, draw_id = f"P-{drawn[0][-6:]}", f"D-{drawn[0][-6:]}"
    await send(app, plan(plan_id), "inspection")
    await draw_opening(app, draw_id, plan_id, drawn, window_start=days_ago(1))
    assert (await held_list(app, draw_id)).status == "published"  # no result needed
    [listed] = (await client.get(f"/v1/entities/{drawn[0]}/public")).json()["draw_lists"]
    assert listed["notice_id"] == (await held_list(app, draw_id)).id


async def test_a_future_window_holds_the_list_against_an_early_result(app, client):  # type: ignore[no-untyped-def]
    drawn = [await register(app)]
    plan_id, draw_id = f"P-{drawn[0][-6:]}", f"D-{drawn[0][-6:]}"
    await send(app, plan(plan_id), "inspection")
    opens = TODAY + timedelta(days=3)
    await draw_opening(app, draw_id, plan_id, drawn, window_start=opens)
    assert (await held_list(app, draw_id)).status == "held"
    await send(app, result(drawn[0], "SCJG", TODAY), "inspection")  # dated before the window
    assert (await held_list(app, draw_id)).status == "held"
    await send(app, result(drawn[0], "STHJ", opens), "inspection")
    assert (await held_list(app, draw_id)).status == "published"


async def test_the_daily_sweep_publishes_a_held_list_on_its_window_day(app, client):  # type: ignore[no-untyped-def]
    """No result need arrive: the day the window opens, the list is public."""
    from services.public_notice.handlers.expiry import open_windows

    drawn = [await register(app)]
    plan_id, draw_id = f"P-{drawn[0][-6:]}", f"D-{drawn[0][-6:]}"
    await send(app, plan(plan_id), "inspection")
    await draw_opening(app, draw_id, plan_id, drawn, window_start=TODAY + timedelta(days=2))
    ctx = app.state.context
    assert await open_windows(ctx) == 0
    assert (await held_list(app, draw_id)).status == "held"
    ctx.clock.advance(timedelta(days=2))
    assert await open_windows(ctx) == 1
    assert (await held_list(app, draw_id)).status == "published"
    assert await open_windows(ctx) == 0  # once
