"""Who may write what (权限, 谁主管谁负责): every write names its role, and a department
changes only what it owns. Each refusal leaves nothing behind (no audit entry, no event).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from shared.platform_tables import audit_log, outbox
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    ORDINARY_STHJ,
    SCJG,
    SF,
    STHJ,
    WSJK,
    YEAR,
    fresh_usccs,
    inspectors,
    make_app,
    mirror_objects,
    published_task,
    serving,
    token,
)

MATTER = {"name": "网络交易平台经营者检查", "category": "online_trade",
          "legal_basis": "《中华人民共和国电子商务法》第六条", "key_area": False}
WINDOW = {"window_start": f"{YEAR}-03-01", "window_end": f"{YEAR}-06-30"}


@dataclass(frozen=True)
class World:
    """One of each thing SCJG owns (STHJ a partner of the joint plan): the targets."""

    inspector: str
    draft_plan: str
    unfiled_plan: str
    filed_plan: str
    published_task: str
    visit: str
    uscc: str


@pytest.fixture(scope="module")
async def world(database) -> World:  # type: ignore[no-untyped-def]
    async with serving(make_app(database)) as client:
        usccs = await mirror_objects(client.app, ["D"] * 3)
        region = (await client.get(f"/v1/objects/{usccs[0]}", headers=SCJG)).json()["region"]
        scjg = await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
        await inspectors(client, "STHJ", [ORDINARY_STHJ], 2)
        plans = []
        for _ in range(3):
            plan = await client.post("/v1/plans", headers=SCJG,
                                     json={"year": YEAR, "title": "计划"})
            plans.append(plan.json()["id"])
        for plan_id in plans[1:]:
            added = await client.post(f"/v1/plans/{plan_id}/tasks", headers=SCJG,
                                      json={"matters": [ORDINARY_SCJG], **WINDOW})
            assert added.status_code == 201, added.text
        assert (await client.post(f"/v1/plans/{plans[2]}:file", headers=SF)).status_code == 200
        task = await published_task(client, [ORDINARY_SCJG], region)
        drawn = await published_task(client, [ORDINARY_SCJG, ORDINARY_STHJ], region,
                                     joint_with=["STHJ"], ratio="1")
        draw = (await client.post(f"/v1/tasks/{drawn}/draw", headers=SCJG)).json()
        visits = await client.get(f"/v1/draws/{draw['draw_id']}/visits", headers=SCJG)
        return World(scjg[0], plans[0], plans[1], plans[2], task,
                     visits.json()[0]["visit_id"], usccs[0])


def writes(w: World) -> dict[str, tuple[str, str, dict | None]]:
    """Each write of SCJG's things an officer makes: (method, path, body)."""
    return {
        "put matter": ("PUT", f"/v1/matters/{ORDINARY_SCJG}",
                       {**MATTER, "name": "改名"}),
        "register inspector": ("POST", "/v1/inspectors", {
            "inspector_id": w.inspector, "certificate": "37999999",
            "matters": [ORDINARY_SCJG], "region": "370200"}),
        "declare conflict": ("POST", f"/v1/inspectors/{w.inspector}/conflicts",
                             {"uscc": w.uscc, "reason": "亲属任职"}),
        "add task": ("POST", f"/v1/plans/{w.draft_plan}/tasks",
                     {"matters": [ORDINARY_SCJG], **WINDOW}),
        "publish plan": ("POST", f"/v1/plans/{w.filed_plan}:publish", None),
        "commit": ("POST", f"/v1/tasks/{w.published_task}/commitment", {}),
        "draw": ("POST", f"/v1/tasks/{w.published_task}/draw", None),
        "record result": ("POST", f"/v1/visits/{w.visit}/results",
                          {"matter": ORDINARY_SCJG, "category": "no_problem_found"}),
    }


OFFICER_WRITES = ["put matter", "register inspector", "declare conflict", "add task",
                  "publish plan", "commit", "draw", "record result"]


async def _written(client) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    async with client.app.state.db.reader() as session:
        audited = await session.scalar(select(func.count()).select_from(audit_log))
        sent = await session.scalar(select(func.count()).select_from(outbox).where(
            outbox.c.topic != "audit.checkpoint.v1"))  # the platform's, on its own timer
    return audited, sent


async def _refused(client, headers, method, path, body):  # type: ignore[no-untyped-def]
    before = await _written(client)
    answer = await client.request(method, path, headers=headers, json=body)
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert await _written(client) == before  # nothing audited, nothing sent
    return answer.json()


@pytest.mark.parametrize("write", OFFICER_WRITES)
async def test_an_officer_write_without_the_officer_role_is_403_naming_it(
        client, world, write):  # type: ignore[no-untyped-def]
    method, path, body = writes(world)[write]
    for headers in (token("SCJG"), token("SCJG", "reviewer", "registrar")):
        problem = await _refused(client, headers, method, path, body)
        assert problem["role"] == "officer" and "'officer'" in problem["detail"]


@pytest.mark.parametrize("write", OFFICER_WRITES)
async def test_an_officer_of_another_department_is_403_naming_the_owner(
        client, world, write):  # type: ignore[no-untyped-def]
    method, path, body = writes(world)[write]
    problem = await _refused(client, WSJK, method, path, body)
    assert problem["department"] == "SCJG" and "SCJG" in problem["detail"]


async def test_a_plan_is_created_only_by_an_officer_and_always_for_its_own_department(
        client):  # type: ignore[no-untyped-def]
    body = {"year": YEAR, "title": "计划"}
    problem = await _refused(client, token("WSJK", "reviewer"), "POST", "/v1/plans", body)
    assert problem["role"] == "officer"
    foreign = await client.post("/v1/plans", headers=WSJK, json={**body, "department": "SCJG"})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == \
        "body.department"
    own = await client.post("/v1/plans", headers=WSJK, json=body)
    assert own.status_code == 201 and own.json()["department"] == "WSJK"


async def test_filing_needs_a_reviewer_of_the_justice_department(client, world):  # type: ignore[no-untyped-def]
    path = f"/v1/plans/{world.unfiled_plan}:file"
    problem = await _refused(client, token("SF", "officer"), "POST", path, None)
    assert problem["role"] == "reviewer"
    problem = await _refused(client, token("SCJG", "reviewer"), "POST", path, None)
    assert problem["department"] == "SF"
    plan = (await client.get(f"/v1/plans/{world.unfiled_plan}", headers=SCJG)).json()
    assert plan["status"] == "draft" and plan["filed_with"] is None


async def test_a_joint_partner_records_its_own_matters_and_no_one_else_may(client, world):  # type: ignore[no-untyped-def]
    url = f"/v1/visits/{world.visit}/results"
    problem = await _refused(client, WSJK, "POST", url,
                             {"matter": ORDINARY_STHJ, "category": "no_problem_found"})
    assert problem["department"] == "SCJG"
    partner = await client.post(url, headers=STHJ, json={"matter": ORDINARY_STHJ,
                                                         "category": "no_problem_found"})
    assert partner.status_code == 201, partner.text


async def test_a_matter_cannot_be_taken_over_or_moved_to_another_department(client):  # type: ignore[no-untyped-def]
    before = {m["code"]: m for m in (await client.get("/v1/matters", headers=SCJG)).json()}
    assert before["SCJG-003"]["department"] == "SCJG"
    takeover = await client.put("/v1/matters/SCJG-003", headers=WSJK,
                                json={**MATTER, "department": "WSJK"})
    assert takeover.status_code == 403, takeover.text
    assert takeover.json()["department"] == "SCJG" and "SCJG" in takeover.json()["detail"]
    moved = await client.put("/v1/matters/SCJG-003", headers=SCJG,
                             json={**MATTER, "department": "WSJK"})
    assert moved.status_code == 403, moved.text
    created_for_another = await client.put("/v1/matters/SCJG-950", headers=WSJK,
                                           json={**MATTER, "department": "SCJG"})
    assert created_for_another.status_code == 403
    after = {m["code"]: m for m in (await client.get("/v1/matters", headers=SCJG)).json()}
    assert after["SCJG-003"] == before["SCJG-003"] and "SCJG-950" not in after
    own = await client.put("/v1/matters/WSJK-950", headers=WSJK, json=MATTER)
    assert own.status_code == 200 and own.json()["department"] == "WSJK"


async def test_an_inspector_cannot_be_taken_over_by_another_department(client, world):  # type: ignore[no-untyped-def]
    def listed(rows):  # type: ignore[no-untyped-def]
        return next(i for i in rows if i["inspector_id"] == world.inspector)

    before = listed((await client.get("/v1/inspectors", headers=SCJG)).json())
    takeover = await client.post("/v1/inspectors", headers=WSJK, json={
        "inspector_id": world.inspector, "department": "WSJK", "certificate": "37000009",
        "matters": [], "region": "370200"})
    assert takeover.status_code == 403 and takeover.json()["department"] == "SCJG"
    after = listed((await client.get("/v1/inspectors", headers=SCJG)).json())
    assert after == before and after["department"] == "SCJG"


async def test_conflicts_are_declared_by_the_inspectors_department_with_a_valid_uscc(
        client, world):  # type: ignore[no-untyped-def]
    url = f"/v1/inspectors/{world.inspector}/conflicts"
    foreign = await client.post(url, headers=WSJK, json={"uscc": fresh_usccs(1)[0],
                                                        "reason": "亲属"})
    assert foreign.status_code == 403 and foreign.json()["department"] == "SCJG"
    for bad in ("😀" * 18, "91370211712345670Y", "９" * 18):
        answer = await client.post(url, headers=SCJG, json={"uscc": bad, "reason": "亲属"})
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["field"] == "body.uscc"
    own = await client.post(url, headers=SCJG, json={"uscc": fresh_usccs(1)[0],
                                                    "reason": "亲属"})
    assert own.status_code == 204
