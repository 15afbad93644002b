"""What a caller can get wrong in plans and draws, and the problem that says what to change."""

from __future__ import annotations

import json

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
    answer = await client.post("/v1/draws:verify", json={"format": "jianguan-draw-proof/2"})
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



LONG = "长" * 10_000
WINDOW = {"window_start": f"{YEAR}-03-01", "window_end": f"{YEAR}-06-30"}
TASK = {"matters": [ORDINARY_SCJG], **WINDOW}


async def _draft_plan(client, year: int = YEAR) -> str:  # type: ignore[no-untyped-def]
    plan = await client.post("/v1/plans", headers=SCJG, json={"year": year, "title": "计划"})
    assert plan.status_code == 201, plan.text
    return plan.json()["id"]


def _named(answer, field: str) -> bool:  # type: ignore[no-untyped-def]
    """A 422 whose first error names ``field`` (``body.size``, or a part of it)."""
    problem = answer.json()
    return answer.status_code == 422 and field in problem["detail"] and (
        problem.get("field") == field.removeprefix("body.")
        or problem["errors"][0]["field"].startswith(field))


async def test_extreme_sizes_and_dates_of_a_task_are_422_naming_the_field(client):  # type: ignore[no-untyped-def]
    plan_id = await _draft_plan(client)
    url = f"/v1/plans/{plan_id}/tasks"
    for field, value in (
        ("size", 9223372036854775808), ("size", -1), ("size", 0), ("size", 10_000_001),
        ("size", True), ("size", 1.5), ("size", "5"), ("ratio", "0." + "1" * 10_000),
        ("ratio", ""), ("ratio", 0.5), ("window_end", "9999-12-31"),
        ("window_end", "0001-01-01"), ("window_start", 0), ("window_end", ""),
        ("window_start", None), ("window_end", LONG), ("matters", [""]),
        ("matters", [LONG]), ("matters", None), ("matters", ["SCJG-008"] * 51),
        ("population", {"regions": ["x" * 10_000]}), ("population", {"grades": ["E"]}),
        ("population", {"industries": ["😀"]}), ("population", {"regions": None}),
    ):
        answer = await client.post(url, headers=SCJG, json={**TASK, field: value})
        assert _named(answer, f"body.{field}"), (field, value, answer.text)
    # a window the calendar cannot count working days after: named, not a 500
    late = await client.post(url, headers=SCJG, json={**TASK, "window_end": f"{YEAR + 2}-01-01"})
    assert _named(late, "window_end"), late.text
    last = await _draft_plan(client, 2099)
    edge = await client.post(f"/v1/plans/{last}/tasks", headers=SCJG, json={
        **TASK, "window_start": "2099-01-01", "window_end": "2099-12-31"})
    assert _named(edge, "window_end") and "2099-12-31" in edge.json()["detail"], edge.text
    assert (await client.get(f"/v1/plans/{plan_id}", headers=SCJG)).json()["tasks"] == []


async def test_texts_numbers_and_nulls_a_caller_can_send_never_give_a_500(client):  # type: ignore[no-untyped-def]
    region, usccs = await _region(client, ["D"] * 2)
    people = await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    task_id = await published_task(client, [ORDINARY_SCJG], region, ratio="1")
    cases = [
        ("/v1/plans", {"year": YEAR, "title": "计划"}, [
            ("year", 9223372036854775808), ("year", "2026"), ("year", 1999), ("year", None),
            ("title", LONG), ("title", ""), ("title", "   "), ("title", "a\x00b"),
            ("title", None), ("joint_with", ["FOO"]), ("joint_with", [LONG])]),
        ("/v1/inspectors", {"inspector_id": "SCJG-EDGE", "certificate": "37000001",
                            "matters": [ORDINARY_SCJG], "region": "370200"}, [
            ("inspector_id", LONG), ("inspector_id", "a\x00"), ("inspector_id", ""),
            ("certificate", LONG), ("certificate", "\x07"), ("region", "三七零二零零"),
            ("region", 370200), ("active", 0), ("active", "yes"), ("matters", [None])]),
        (f"/v1/inspectors/{people[0]}/conflicts", {"uscc": usccs[0], "reason": "亲属"}, [
            ("uscc", "😀" * 18), ("uscc", LONG), ("uscc", 0), ("reason", LONG),
            ("reason", "")]),
        (f"/v1/tasks/{task_id}/commitment", {"beacon": {"source": "drand:quicknet",
                                                        "round": 1}}, [
            ("beacon", {"source": "drand:quicknet", "round": 2**64}),
            ("beacon", {"source": "drand:quicknet", "round": -1}),
            ("beacon", {"source": LONG, "round": 1}), ("reason", LONG)]),
        (f"/v1/tasks/{task_id}/draw", {}, [("beacon_value", LONG), ("reason", ""),
                                            ("reason", "\x00")]),
    ]
    for url, body, bad in cases:
        for field, value in bad:
            answer = await client.post(url, headers=SCJG, json={**body, field: value})
            assert answer.status_code == 422, (url, field, answer.text)
            assert field in answer.json()["detail"], (url, field, answer.text)
    surrogate = b'{"year": 2026, "title": "\\ud800"}'
    answer = await client.post("/v1/plans", headers={**SCJG, "content-type":
                                                     "application/json"}, content=surrogate)
    assert answer.status_code == 422 and "title" in answer.json()["detail"], answer.text
    matter = await client.put("/v1/matters/SCJG-960", headers=SCJG, json={
        "name": LONG, "category": "c", "legal_basis": "l", "key_area": 0})
    assert matter.status_code == 422
    for path in ("/v1/plans/" + "P" * 5000, "/v1/tasks/%00", "/v1/objects/%F0%9F%98%80",
                 "/v1/draws/D-%00/visits"):
        answer = await client.get(path, headers=SCJG)
        assert answer.status_code == 422, (path, answer.text)
    for query in ({"year": "99999999999999999999"}, {"department": "\x00"}):
        assert (await client.get("/v1/plans", params=query)).status_code == 422


async def test_a_huge_sample_size_or_a_tiny_ratio_draws_what_the_roster_allows(client):  # type: ignore[no-untyped-def]
    region, _ = await _region(client, ["D"] * 3)
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    everyone = await published_task(client, [ORDINARY_SCJG], region, size=10_000_000)
    drawn = await client.post(f"/v1/tasks/{everyone}/draw", headers=SCJG)
    assert drawn.status_code == 201 and drawn.json()["selected"] == 3, drawn.text
    tiny = await published_task(client, [ORDINARY_SCJG], region, ratio="0.0000000001")
    drawn = await client.post(f"/v1/tasks/{tiny}/draw", headers=SCJG)
    assert drawn.status_code == 201, drawn.text
    assert drawn.json()["selected"] == 1  # the rules' minimum overall ratio (5%) of 3


async def test_a_bundle_with_a_lone_surrogate_is_422_naming_the_field(client):  # type: ignore[no-untyped-def]
    region, _ = await _region(client, ["D"] * 2)
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    task_id = await published_task(client, [ORDINARY_SCJG], region)
    draw_id = (await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json()["draw_id"]
    text = (await client.get(f"/v1/draws/{draw_id}/proof")).text
    seed = json.loads(text)["result"]["seed_hex"]
    answer = await client.post("/v1/draws:verify", content=text.replace(seed, "\\ud800"))
    assert answer.status_code == 422 and answer.json()["field"] == "result.seed_hex"
