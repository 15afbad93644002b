"""Redraws are visible and limited (IN-6, issue 15.4): a redraw needs a reason approved by a
reviewer of the lead department with another token than the one that asked and the one
that draws; the cap is rule data; each bundle says which draw it is, what it replaces and
why; the task's public list shows every draw ever made."""

from __future__ import annotations

from services.inspection_draw.models import InspectionObject
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    ORDINARY_STHJ,
    SCJG,
    STHJ,
    inspectors,
    mirror_objects,
    officer_and_reviewer,
    published_task,
    token,
)

REASON = "检查对象名录库数据错误，经批准重新抽取"


async def _task(client, grades, size=8):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, grades)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    return await published_task(client, [ORDINARY_SCJG], region, size=size), usccs


async def _approved(client, task_id, reviewer=None):  # type: ignore[no-untyped-def]
    asked = await client.post(f"/v1/tasks/{task_id}/redraws", headers=SCJG,
                              json={"reason": REASON})
    assert asked.status_code == 201, asked.text
    redraw_id = asked.json()["id"]
    answer = await client.post(f"/v1/redraws/{redraw_id}:approve",
                               headers=reviewer or token("SCJG", "reviewer"))
    assert answer.status_code == 200, answer.text
    return redraw_id


async def test_a_redraw_needs_an_approval_by_another_token_and_is_in_the_bundle(client):  # type: ignore[no-untyped-def]
    task_id, _ = await _task(client, ["B"] * 30 + ["D"] * 10)
    first = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert first.status_code == 201
    again = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert again.status_code == 409 and again.json()["type"].endswith("redraw-not-approved")
    both = officer_and_reviewer("SCJG", "scjg-desk-7")
    asked = await client.post(f"/v1/tasks/{task_id}/redraws", headers=both,
                              json={"reason": REASON})
    redraw_id = asked.json()["id"]
    own = await client.post(f"/v1/redraws/{redraw_id}:approve", headers=both)
    assert own.status_code == 403 and "another token" in own.json()["detail"]
    for outsider in (token("STHJ", "reviewer"), token("SCJG", "officer")):
        assert (await client.post(f"/v1/redraws/{redraw_id}:approve",
                                  headers=outsider)).status_code == 403
    reviewer = officer_and_reviewer("SCJG", "scjg-review-1")
    approved = await client.post(f"/v1/redraws/{redraw_id}:approve", headers=reviewer)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    by_reviewer = await client.post(f"/v1/tasks/{task_id}/draw", headers=reviewer)
    assert by_reviewer.status_code == 403  # the token that approved does not draw
    redraw = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert redraw.status_code == 201, redraw.text
    assert redraw.json()["replaces"] == first.json()["draw_id"]
    bundle = (await client.get(f"/v1/draws/{redraw.json()['draw_id']}/proof")).json()
    assert bundle["draw"] == {"draw_id": redraw.json()["draw_id"], "task_id": task_id,
                              "sequence": 2, "replaces": first.json()["draw_id"],
                              "reason": REASON}
    assert bundle["commitment"]["redraw"]["reason"] == REASON
    assert (await client.post("/v1/draws:verify", json=bundle)).json()["identical"]
    bundle["draw"]["replaces"] = None  # hiding what it replaced
    verdict = (await client.post("/v1/draws:verify", json=bundle)).json()
    assert verdict["first_difference"].startswith("draw replaced draw differs")
    old = await client.get(f"/v1/draws/{first.json()['draw_id']}/visits", headers=SCJG)
    assert {v["status"] for v in old.json()} == {"superseded"}


async def test_redraws_are_capped_by_the_rules_and_all_listed_publicly(client):  # type: ignore[no-untyped-def]
    task_id, _ = await _task(client, ["D"] * 40)
    cap = client.app.state.context.rules.redraws.max_per_task
    drawn = [(await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json()]
    for _ in range(cap):
        await _approved(client, task_id)
        drawn.append((await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json())
    over = await client.post(f"/v1/tasks/{task_id}/redraws", headers=SCJG,
                             json={"reason": REASON})
    assert over.status_code == 409 and over.json()["max_per_task"] == cap
    listed = (await client.get(f"/v1/tasks/{task_id}/draws")).json()  # the public
    assert [d["draw_id"] for d in listed["draws"]] == [d["draw_id"] for d in drawn]
    assert [d["sequence"] for d in listed["draws"]] == list(range(1, cap + 2))
    assert [d["reason"] for d in listed["draws"]] == [None] + [REASON] * cap
    assert all(d["approved_by"] for d in listed["draws"][1:])
    assert [d["superseded_by"] is None for d in listed["draws"]] == [False] * cap + [True]
    assert len(listed["redraw_requests"]) == cap


async def test_a_commitment_overtaken_by_another_tasks_draw_is_redrawn_with_approval(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["B"] * 6)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    await inspectors(client, "STHJ", [ORDINARY_STHJ], 2)
    slow = await published_task(client, [ORDINARY_SCJG], region, ratio="1")
    assert (await client.post(f"/v1/tasks/{slow}/commitment", headers=SCJG,
                              json={})).status_code == 201
    fast = await published_task(client, [ORDINARY_STHJ], region, department="STHJ", ratio="1")
    assert (await client.post(f"/v1/tasks/{fast}/draw", headers=STHJ)).status_code == 201
    overtaken = await client.post(f"/v1/tasks/{slow}/draw", headers=SCJG)
    assert overtaken.status_code == 409 and "once-a-year" in overtaken.json()["detail"]
    assert sorted(overtaken.json()["objects"]) == sorted(usccs)
    await _approved(client, slow)
    anew = await client.post(f"/v1/tasks/{slow}/commitment", headers=SCJG, json={})
    assert anew.status_code == 409 and "grade B" in anew.json()["detail"]  # all B done
