"""The draw through the API (IN-2, IN-3, IN-4, IN-5, IN-6, IN-9): plan → commitment → draw →
proof, verified in a fresh process; redraws; the grade rules across tasks."""

from __future__ import annotations

import json
import subprocess
import sys

from services.inspection_draw.models import InspectionObject
from tests.integration.inspection_draw.conftest import (
    KEY_AREA,
    ORDINARY_SCJG,
    ORDINARY_STHJ,
    SCJG,
    STHJ,
    YEAR,
    events,
    inspectors,
    mirror_objects,
    published_task,
)


def verify_in_fresh_process(tmp_path, bundle: dict) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False))
    return subprocess.run([sys.executable, "-m", "jianguan.cli", "draw", "verify", str(path)],
                          capture_output=True, text=True, timeout=60)


async def test_joint_draw_is_published_verifiable_and_respects_grades_and_conflicts(
        client, tmp_path):  # type: ignore[no-untyped-def]
    grades = ["A"] * 8 + ["B"] * 12 + ["C"] * 8 + ["D"] * 8 + [None] * 4
    usccs = await mirror_objects(client.app, grades)
    a_grade = set(usccs[:8])
    scjg = await inspectors(client, "SCJG", [ORDINARY_SCJG], 3)
    sthj = await inspectors(client, "STHJ", [ORDINARY_STHJ], 3)
    conflicted = usccs[8]  # a B-grade object
    for inspector_id, own in ((scjg[0], SCJG), (sthj[0], STHJ)):  # each by its department
        answer = await client.post(f"/v1/inspectors/{inspector_id}/conflicts", headers=own,
                                   json={"uscc": conflicted, "reason": "亲属任职"})
        assert answer.status_code == 204, answer.text
    region = await _region_of(client, usccs[0])
    task_id = await published_task(client, [ORDINARY_SCJG, ORDINARY_STHJ], region,
                                   joint_with=["STHJ"], ratio="1")
    plan_events = await events(client.app, "inspection.plan.published.v1")
    assert any(task_id in e["task_ids"] for e in plan_events)

    drawn = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert drawn.status_code == 201, drawn.text
    draw_id = drawn.json()["draw_id"]
    visits = (await client.get(f"/v1/draws/{draw_id}/visits", headers=SCJG)).json()
    drawn_usccs = {v["uscc"] for v in visits}
    assert drawn_usccs == set(usccs) - a_grade  # ratio 1: everyone but A (非请勿扰)
    for visit in visits:  # one joint visit: one inspector of each department, ≥ 2
        assert len(visit["inspectors"]) >= 2
        assert {i.split("-")[0] for i in visit["inspectors"]} == {"SCJG", "STHJ"}
    conflicted_visit = next(v for v in visits if v["uscc"] == conflicted)
    assert not {scjg[0], sthj[0]} & set(conflicted_visit["inspectors"])
    completed = await events(client.app, "inspection.draw.completed.v1", task_id)
    assert completed[-1]["selected"] == sorted(drawn_usccs)
    assert (completed[-1]["selected_count"], completed[-1]["selected_complete"]) == (
        len(drawn_usccs), True)
    assert completed[-1]["proof"] == f"/v1/draws/{draw_id}/proof"
    assert {s["grade"]: s["probability"] for s in completed[-1]["strata"]}["B"] == "12/12"

    bundle = (await client.get(f"/v1/draws/{draw_id}/proof")).json()
    verdict = await client.post("/v1/draws:verify", json=bundle)
    assert verdict.json() == {"identical": True, "first_difference": None}
    fresh = verify_in_fresh_process(tmp_path, bundle)
    assert (fresh.returncode, fresh.stdout.strip()) == (0, "identical"), fresh.stderr

    row = bundle["roster"][3]
    tampered_row = json.loads(json.dumps(bundle))
    tampered_row["roster"][3] = row.replace('"370', '"371', 1)
    tampered_param = json.loads(json.dumps(bundle))
    tampered_param["commitment"]["parameters"]["ratio"] = "0.5"
    tampered_nonce = json.loads(json.dumps(bundle))
    tampered_nonce["nonce"] = "0" * 64
    for tampered, says in ((tampered_row, "roster"), (tampered_param, "commitment"),
                           (tampered_nonce, "nonce")):
        answer = (await client.post("/v1/draws:verify", json=tampered)).json()
        assert answer["identical"] is False and says in answer["first_difference"]
    fresh = verify_in_fresh_process(tmp_path, tampered_nonce)
    assert fresh.returncode == 1 and "nonce" in fresh.stdout


async def test_b_and_c_are_drawn_once_a_year_across_departments_and_key_areas_list_everyone(
        client):  # type: ignore[no-untyped-def]
    grades = ["A"] * 3 + ["B"] * 5 + ["C"] * 5 + ["D"] * 5
    usccs = await mirror_objects(client.app, grades)
    region = await _region_of(client, usccs[0])
    await inspectors(client, "SCJG", [ORDINARY_SCJG, KEY_AREA], 2)
    await inspectors(client, "STHJ", [ORDINARY_STHJ], 2)
    first = await published_task(client, [ORDINARY_SCJG], region, ratio="1")
    assert (await client.post(f"/v1/tasks/{first}/draw", headers=SCJG)).status_code == 201
    # another department, another plan, same year: B and C were inspected already
    second = await published_task(client, [ORDINARY_STHJ], region, department="STHJ",
                                  ratio="1")
    drawn = await client.post(f"/v1/tasks/{second}/draw", headers=STHJ)
    assert drawn.status_code == 201, drawn.text
    visits = (await client.get(f"/v1/draws/{drawn.json()['draw_id']}/visits",
                               headers=SCJG)).json()
    assert {v["uscc"] for v in visits} == set(usccs[13:])  # only D again
    b_object = (await client.get(f"/v1/objects/{usccs[3]}", headers=SCJG)).json()
    assert [i["year"] for i in b_object["inspections"]] == [YEAR]
    key_area = await published_task(client, [KEY_AREA], region)
    drawn = await client.post(f"/v1/tasks/{key_area}/draw", headers=SCJG)
    visits = (await client.get(f"/v1/draws/{drawn.json()['draw_id']}/visits",
                               headers=SCJG)).json()
    assert {v["uscc"] for v in visits} == set(usccs)  # 全覆盖, A included


async def _region_of(client, uscc: str) -> str:  # type: ignore[no-untyped-def]
    async with client.app.state.db.reader() as session:
        found = await session.get(InspectionObject, uscc)
        return found.region

