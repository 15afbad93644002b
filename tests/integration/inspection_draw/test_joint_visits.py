"""进一次门、查多项事 (IN-4, issue 15.6): tasks of the same department(s) whose windows
overlap make one visit to an object both drew; results of either task's matters are
recorded on it; a task of another department, or of a window that does not overlap, keeps
its own visit."""

from __future__ import annotations

from services.inspection_draw.models import InspectionObject
from tests.integration.inspection_draw.conftest import (
    KEY_AREA,
    ORDINARY_SCJG,
    ORDINARY_STHJ,
    SCJG,
    STHJ,
    YEAR,
    inspectors,
    mirror_objects,
    published_task,
)


async def _visits(client, task_id, headers=SCJG):  # type: ignore[no-untyped-def]
    drawn = await client.post(f"/v1/tasks/{task_id}/draw", headers=headers)
    assert drawn.status_code == 201, drawn.text
    answer = await client.get(f"/v1/draws/{drawn.json()['draw_id']}/visits", headers=headers)
    return {v["uscc"]: v for v in answer.json()}


async def test_an_ordinary_and_a_key_area_task_visit_a_d_entity_once(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["D"] * 4)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG, KEY_AREA], 3)
    await inspectors(client, "STHJ", [ORDINARY_STHJ], 2)
    ordinary = await _visits(client, await published_task(client, [ORDINARY_SCJG], region,
                                                          ratio="1"))
    key_area = await _visits(client, await published_task(
        client, [KEY_AREA], region, window_start=f"{YEAR}-06-01", window_end=f"{YEAR}-06-30"))
    other_department = await _visits(client, await published_task(
        client, [ORDINARY_STHJ], region, department="STHJ", ratio="1"), STHJ)
    later = await _visits(client, await published_task(
        client, [KEY_AREA], region, year=YEAR + 1, window_start=f"{YEAR + 1}-01-05",
        window_end=f"{YEAR + 1}-02-28"))
    for uscc in usccs:
        joint = key_area[uscc]
        assert joint["joint_visit"] == ordinary[uscc]["visit_id"]  # one visit, the first's id
        assert {m["code"] for m in joint["matters"]} == {ORDINARY_SCJG, KEY_AREA}
        assert set(ordinary[uscc]["inspectors"]) <= set(joint["inspectors"])
        assert other_department[uscc]["joint_visit"] is None
        assert later[uscc]["joint_visit"] is None
    uscc = usccs[0]
    on_first = await client.post(f"/v1/visits/{ordinary[uscc]['visit_id']}/results",
                                 headers=SCJG, json={"matter": KEY_AREA,
                                                     "category": "no_problem_found"})
    assert on_first.status_code == 201, on_first.text
    assert on_first.json()["visit_id"] == key_area[uscc]["visit_id"]  # the key-area task's
