"""Results per matter per visit (IN-7): events for credit-rating and case-transfer, the
deadline of 20 working days after the window, overdue tasks."""

from __future__ import annotations

from datetime import date

from services.inspection_draw.models import InspectionObject
from shared.contracts.inspection import InspectionResultRecorded
from shared.workdays import add_workdays
from tests.clock import TODAY
from tests.integration.inspection_draw.conftest import (
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

EVIDENCE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


async def _drawn_joint_task(client, **task):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["D"] * 3)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    await inspectors(client, "STHJ", [ORDINARY_STHJ], 2)
    task_id = await published_task(client, [ORDINARY_SCJG, ORDINARY_STHJ], region,
                                   joint_with=["STHJ"], ratio="1", **task)
    draw = (await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json()
    visits = (await client.get(f"/v1/draws/{draw['draw_id']}/visits", headers=SCJG)).json()
    return task_id, visits


async def test_results_leave_as_events_credit_rating_and_case_transfer_read(client):  # type: ignore[no-untyped-def]
    _, visits = await _drawn_joint_task(client)
    visit = visits[0]
    url = f"/v1/visits/{visit['visit_id']}/results"
    ok = await client.post(url, headers=SCJG, json={
        "matter": ORDINARY_SCJG, "category": "corrected_on_order", "severity": "minor",
        "findings": "未按规定公示年度报告，已责令改正", "evidence_hashes": [EVIDENCE],
        "commitment_false": True, "commitment_id": "C-0001"})
    assert ok.status_code == 201, ok.text
    recorded = await events(client.app, "inspection.result.recorded.v1", visit["uscc"])
    InspectionResultRecorded.model_validate(recorded[-1])  # what credit-rating consumes
    assert recorded[-1]["severity"] == "minor" and recorded[-1]["department"] == "SCJG"
    violations = await events(client.app, "inspection.violation.found.v1", visit["uscc"])
    assert violations[-1]["result_id"] == ok.json()["id"]
    untrue = await events(client.app, "inspection.commitment.false.v1", visit["uscc"])
    assert (untrue[-1]["visit_id"], untrue[-1]["commitment_id"]) == (visit["visit_id"],
                                                                     "C-0001")
    unflagged = await client.post(url, headers=SCJG, json={
        "matter": ORDINARY_SCJG, "category": "no_problem_found", "commitment_id": "C-0002"})
    assert unflagged.status_code == 422 and "commitment_false" in unflagged.json()["detail"]

    twice = await client.post(url, headers=SCJG, json={"matter": ORDINARY_SCJG,
                                                      "category": "no_problem_found"})
    assert twice.status_code == 409
    foreign = await client.post(url, headers=SCJG, json={"matter": ORDINARY_STHJ,
                                                        "category": "no_problem_found"})
    assert foreign.status_code == 422 and foreign.json()["field"] == "matter"
    no_severity = await client.post(url, headers=STHJ, json={
        "matter": ORDINARY_STHJ, "category": "obstructed_inspection"})
    assert no_severity.status_code == 422 and no_severity.json()["field"] == "severity"
    clean = await client.post(url, headers=STHJ, json={"matter": ORDINARY_STHJ,
                                                      "category": "no_problem_found"})
    assert clean.status_code == 201
    assert len(await events(client.app, "inspection.violation.found.v1", visit["uscc"])) == 1
    public = (await client.get(url)).json()
    assert [(r["matter"], r["category"]) for r in public] == [
        (ORDINARY_SCJG, "corrected_on_order"), (ORDINARY_STHJ, "no_problem_found")]


async def test_a_task_past_its_deadline_with_results_missing_is_overdue(client):  # type: ignore[no-untyped-def]
    window_end = date(YEAR - 1, 11, 20)  # last year's: its deadline has passed
    task_id, visits = await _drawn_joint_task(client, year=YEAR - 1,
                                              window_start=f"{YEAR - 1}-11-02",
                                              window_end=str(window_end))
    task = (await client.get(f"/v1/tasks/{task_id}", headers=SCJG)).json()
    assert task["results_due"] == str(add_workdays(window_end, 20))
    assert date.fromisoformat(task["results_due"]) < TODAY
    listed = {t["task_id"]: t for t in (await client.get("/v1/tasks/overdue",
                                                         headers=SCJG)).json()}
    assert listed[task_id]["expected_results"] == 2 * len(visits)
    late = await client.post(f"/v1/visits/{visits[0]['visit_id']}/results", headers=SCJG,
                             json={"matter": ORDINARY_SCJG, "category": "no_problem_found"})
    assert late.json()["late"] is True
    in_time = await _drawn_joint_task(client)  # window ends 31 December: not overdue
    listed = {t["task_id"] for t in (await client.get("/v1/tasks/overdue",
                                                      headers=SCJG)).json()}
    assert task_id in listed and in_time[0] not in listed
