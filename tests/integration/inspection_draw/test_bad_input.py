"""What a caller can get wrong in plans and draws, and the problem that says what to change."""

from __future__ import annotations

from services.inspection_draw.models import InspectionObject
from tests.integration.inspection_draw.conftest import (
    KEY_AREA,
    ORDINARY_SCJG,
    ORDINARY_STHJ,
    SCJG,
    SF,
    STHJ,
    YEAR,
    inspectors,
    mirror_objects,
    published_task,
)


async def _region(client, grades):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, grades)
    async with client.app.state.db.reader() as session:
        return (await session.get(InspectionObject, usccs[0])).region, usccs


async def test_a_task_of_only_a_grade_objects_is_refused_with_the_reason(client):  # type: ignore[no-untyped-def]
    region, _ = await _region(client, ["A"] * 5)
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    task_id = await published_task(client, [ORDINARY_SCJG], region)
    answer = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert answer.status_code == 409
    assert "5 objects" in answer.json()["detail"] and "grade A" in answer.json()["detail"]
    empty = await published_task(client, [ORDINARY_SCJG], "379999")
    answer = await client.post(f"/v1/tasks/{empty}/draw", headers=SCJG)
    assert answer.status_code == 409 and "population filter" in answer.json()["detail"]


async def test_too_few_qualified_inspectors_names_the_matter_and_the_shortfall(client):  # type: ignore[no-untyped-def]
    region, usccs = await _region(client, ["D"] * 3)
    await inspectors(client, "STHJ", ["STHJ-003"], 1)  # none qualified for STHJ-002
    task_id = await published_task(client, ["STHJ-002"], region, department="STHJ")
    answer = await client.post(f"/v1/tasks/{task_id}/draw", headers=STHJ)
    assert answer.status_code == 409
    problem = answer.json()
    assert problem["matter"] == "STHJ-002" and problem["shortfall"] == 1
    assert "STHJ-002" in problem["detail"] and "short by 1" in problem["detail"]
    # two qualified, but one has a conflict with every object: a visit is one short
    people = await inspectors(client, "STHJ", ["STHJ-002"], 2)
    for uscc in usccs:
        await client.post(f"/v1/inspectors/{people[0]}/conflicts", headers=STHJ,
                          json={"uscc": uscc, "reason": "曾任该企业顾问"})
    answer = await client.post(f"/v1/tasks/{task_id}/draw", headers=STHJ)
    assert answer.status_code == 409 and answer.json()["shortfall"] == 1


async def test_a_bundle_that_does_not_parse_is_422_naming_the_field(client):  # type: ignore[no-untyped-def]
    answer = await client.post("/v1/draws:verify", content=b"{not json")
    assert answer.status_code == 422 and answer.json()["field"] == ""
    answer = await client.post("/v1/draws:verify", json={"format": "jianguan-draw-proof/1"})
    assert answer.status_code == 422 and answer.json()["field"] == "rules"
    region, _ = await _region(client, ["D"] * 4)
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    task_id = await published_task(client, [ORDINARY_SCJG], region)
    draw_id = (await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json()["draw_id"]
    bundle = (await client.get(f"/v1/draws/{draw_id}/proof")).json()
    bundle["commitment"]["parameters"]["year"] = "2026"
    answer = await client.post("/v1/draws:verify", json=bundle)
    assert answer.status_code == 422
    assert answer.json()["field"] == "commitment.parameters.year"


async def test_plans_refuse_steps_out_of_order_and_unusable_tasks(client):  # type: ignore[no-untyped-def]
    plan = (await client.post("/v1/plans", headers=SCJG,
                              json={"year": YEAR, "title": "计划"})).json()
    plan_id = plan["id"]
    publish = await client.post(f"/v1/plans/{plan_id}:publish", headers=SCJG)
    assert publish.status_code == 409 and "filed" in publish.json()["detail"]
    not_sf = await client.post(f"/v1/plans/{plan_id}:file", headers=SCJG)
    assert not_sf.status_code == 403
    window = {"window_start": f"{YEAR}-03-01", "window_end": f"{YEAR}-06-30"}
    for body, field in (
        ({"matters": [ORDINARY_STHJ], **window}, "matters"),  # not a joint plan
        ({"matters": [ORDINARY_SCJG, KEY_AREA], **window}, "matters"),
        ({"matters": ["NOPE-1"], **window}, "matters"),
        ({"matters": [ORDINARY_SCJG], "ratio": "0.1", "size": 5, **window}, "ratio"),
        ({"matters": [ORDINARY_SCJG], "window_start": f"{YEAR}-06-01",
          "window_end": f"{YEAR}-03-01"}, "window_end"),
    ):
        answer = await client.post(f"/v1/plans/{plan_id}/tasks", headers=SCJG, json=body)
        assert answer.status_code == 422 and answer.json()["field"] == field, answer.text
    no_tasks = await client.post(f"/v1/plans/{plan_id}:file", headers=SF)
    assert no_tasks.status_code == 409 and "no task" in no_tasks.json()["detail"]
    ok = await client.post(f"/v1/plans/{plan_id}/tasks", headers=SCJG,
                           json={"matters": [ORDINARY_SCJG], **window})
    task_id = ok.json()["id"]
    unpublished = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert unpublished.status_code == 409 and "published" in unpublished.json()["detail"]
    filed = await client.post(f"/v1/plans/{plan_id}:file", headers=SF)
    assert filed.json()["status"] == "filed" and filed.json()["filed_with"] == "SF"
    assert filed.json()["filed_at"] and filed.json()["filed_by"].startswith("SF/")
    listed = (await client.get("/v1/plans", params={"department": "SCJG", "year": YEAR})).json()
    assert plan_id in [p["id"] for p in listed]
    assert plan_id not in [p["id"] for p in (await client.get(
        "/v1/plans", params={"department": "STHJ"})).json()]

