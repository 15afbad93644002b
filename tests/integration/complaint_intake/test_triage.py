"""No complaint is turned away (一号响应, CP-1): a category outside the 职责边界清单 waits in
the triage queue of the 12345 hotline office, whose officer assigns it to a department;
the assignment is audited and routed like any routing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.platform_tables import audit_log
from tests.integration.complaint_intake.conftest import (
    HOTLINE,
    SCJG,
    TRIAGE_OFFICE,
    ZWFW,
    context_of,
    events,
    file,
    filing,
    fresh_uscc,
    settled,
    token,
)

JTYS = token("JTYS", "officer")
RETOLD = "路口红绿灯坏了三天，车辆乱行，早晚高峰堵成一片，请尽快派人修理。"


@pytest.mark.parametrize("category", ["traffic", "other", "housing_rental"])
async def test_a_category_no_department_answers_for_waits_in_the_triage_queue(client,
                                                                              category):
    filed = await file(client, filing(category=category))  # the public's fast lane
    assert (filed["status"], filed["department"]) == ("triage", TRIAGE_OFFICE)
    assert filed["accept_by"] is not None  # the citizen's wait counts from now
    relayed = await file(client, filing(category=category, channel="12345"), HOTLINE)
    assert relayed["status"] == "triage"
    [routed] = await events(client.app, "complaint.routed.v1", filed["complaint_id"])
    assert (routed["department"], routed["category"]) == (TRIAGE_OFFICE, category)
    queue = (await client.get("/v1/queue", headers=ZWFW)).json()
    mine = {item["complaint_id"]: item for item in queue}
    assert mine[filed["complaint_id"]]["status"] == "triage"
    assert mine[filed["complaint_id"]]["deadline"] == "accept"
    scjg = (await client.get("/v1/queue", headers=SCJG)).json()
    assert filed["complaint_id"] not in {item["complaint_id"] for item in scjg}


async def test_the_hotline_office_assigns_it_and_it_is_routed_and_audited(client):
    filed = await file(client, filing(category="traffic", kind="report"))
    complaint = filed["complaint_id"]
    assigned = await client.post(f"/v1/complaints/{complaint}/assign", headers=ZWFW, json={
        "department": "JTYS", "category": "road_transport", "reason": "道路运输秩序"})
    assert assigned.status_code == 200, assigned.text
    view = assigned.json()
    assert (view["status"], view["department"], view["category"]) == (
        "received", "JTYS", "road_transport")
    assert view["decide_case_by"] == filed["decide_case_by"]  # still from the day filed
    assert view["misroutes"] == 0  # triage is no misroute
    routed = await events(client.app, "complaint.routed.v1", complaint)
    assert [(r["department"], r["previous_department"]) for r in routed] == [
        (TRIAGE_OFFICE, None), ("JTYS", TRIAGE_OFFICE)]
    async with context_of(client.app).database.reader() as session:
        audited = (await session.execute(select(audit_log.c.actor, audit_log.c.action).where(
            audit_log.c.subject == complaint))).all()
    assert [action for _, action in audited] == ["complaint.received", "complaint.assigned"]
    assert TRIAGE_OFFICE in audited[1][0]
    detail = (await client.get(f"/v1/complaints/{complaint}", headers=JTYS)).json()
    assert [step["action"] for step in detail["steps"]] == ["received", "assigned"]
    opened = await client.post(f"/v1/complaints/{complaint}/investigate", headers=JTYS)
    assert opened.status_code == 200, opened.text
    again = await client.post(f"/v1/complaints/{complaint}/assign", headers=ZWFW,
                              json={"department": "SCJG"})
    assert again.status_code == 403  # it is JTYS's now


async def test_only_the_offices_officer_assigns_and_the_office_handles_nothing(client):
    complaint = (await file(client, filing(category="other")))["complaint_id"]
    path = f"/v1/complaints/{complaint}"
    other = await client.post(f"{path}/assign", headers=SCJG, json={"department": "SCJG"})
    assert other.status_code == 403 and other.json()["type"].endswith("/not-your-department")
    for roleless in (token(TRIAGE_OFFICE), token(TRIAGE_OFFICE, "hotline", "reviewer")):
        refused = await client.post(f"{path}/assign", headers=roleless,
                                    json={"department": "SCJG"})
        assert refused.status_code == 403 and refused.json()["role"] == "officer"
    for step, body in (("accept", None), ("refuse", {"reason": "不属于受理范围"}),
                       ("close", {"outcome": "not_substantiated"})):
        held = await client.post(f"{path}/{step}", headers=ZWFW, json=body)
        assert held.status_code == 409 and "triage" in held.json()["detail"]
    for body, status, says in (({"department": "XYZ"}, 422, "departments.yaml"),
                               ({"department": TRIAGE_OFFICE}, 409, "already"),
                               ({"department": "SCJG", "category": "noise"}, 422,
                                "职责边界清单")):
        wrong = await client.post(f"{path}/assign", headers=ZWFW, json=body)
        assert wrong.status_code == status and says in wrong.json()["detail"], wrong.text
    assert (await client.get(path, headers=ZWFW)).json()["status"] == "triage"
    assert len(await events(client.app, "complaint.routed.v1", complaint)) == 1


async def test_a_repeat_waits_with_the_first_and_goes_where_it_is_assigned(client):
    uscc = fresh_uscc()
    first = await file(client, filing(uscc, category="traffic", description=RETOLD))
    repeat = await file(client, filing(uscc, category="traffic", description=RETOLD))
    assert repeat["duplicate_of"] == first["complaint_id"]
    assigned = await client.post(f"/v1/complaints/{first['complaint_id']}/assign",
                                 headers=ZWFW, json={"department": "GA"})
    assert assigned.status_code == 200, assigned.text
    moved = await client.get(f"/v1/complaints/{repeat['complaint_id']}",
                             headers=token("GA", "officer"))
    assert moved.status_code == 200 and moved.json()["department"] == "GA"


async def test_a_department_passes_a_complaint_it_cannot_place_back_to_triage(client):
    complaint = (await file(client, filing()))["complaint_id"]
    passed = await client.post(f"/v1/complaints/{complaint}/pass-on", headers=SCJG, json={
        "department": TRIAGE_OFFICE, "reason": "不属于食品安全，请热线重新派单"})
    assert passed.status_code == 200 and passed.json()["status"] == "triage"
    assigned = await client.post(f"/v1/complaints/{complaint}/assign", headers=ZWFW,
                                 json={"department": "STHJ"})
    assert assigned.status_code == 200 and assigned.json()["department"] == "STHJ"


async def test_open311_takes_any_service_code_into_triage(client):
    answer = await client.post("/open311/v2/requests.json", data={
        "service_code": "housing_rental", "description": "房东扣押金不退，多次协商无果。",
        "attribute[subject_name]": "某某房屋租赁服务部"})
    assert answer.status_code == 201, answer.text
    code = answer.json()[0]["service_request_id"]
    await settled(client.app)
    [request] = (await client.get("/open311/v2/requests.json",
                                  params={"service_request_id": code})).json()
    assert (request["status"], request["agency_responsible"]) == ("open", TRIAGE_OFFICE)
