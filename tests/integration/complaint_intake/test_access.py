"""Who may do what: every write names its role (403 naming it otherwise), and only the
handling department acts on a complaint, whatever roles another department's token has.
Before, a token with ``roles: []`` could close complaints as malicious and approve
rewards."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.complaint_intake.conftest import (
    HOTLINE,
    NO_ROLES,
    SCJG,
    SCJG_OFFICER,
    SCJG_REVIEWER,
    STHJ,
    events,
    file,
    filing,
    fresh_uscc,
    token,
)

# every role but the one a rule needs, so that the rule itself is what refuses
ALL_BUT_OFFICER = token("SCJG", "reviewer", "whistleblower_officer", "hotline", "operator")
REPEATER = {"name": "钱七", "phone": "13611112222"}

STEPS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("complaint", "accept", None),
    ("report", "refuse", {"reason": "不属于本部门受理范围"}),
    ("report", "investigate", None),
    ("report", "extend", {"reason": "需调取监控录像核实"}),
    ("report", "pass-on", {"department": "STHJ", "reason": "属环境污染"}),
    ("report", "replies", {"text": "已联系商家", "public": True}),
    ("report", "close", {"outcome": "malicious"}),
    ("report", "close", {"outcome": "substantiated", "severity": "minor"}),
]
STEP_IDS = [f"{action}-{(body or {}).get('outcome', kind)}" for kind, action, body in STEPS]


async def _untouched(client, complaint: str) -> None:  # type: ignore[no-untyped-def]
    detail = (await client.get(f"/v1/complaints/{complaint}", headers=SCJG)).json()
    assert (detail["status"], detail["department"], detail["replies"]) == (
        "received", "SCJG", [])
    assert [step["action"] for step in detail["steps"]] == ["received"]
    assert await events(client.app, "complaint.closed.v1", complaint) == []


@pytest.mark.parametrize(("kind", "action", "body"), STEPS, ids=STEP_IDS)
async def test_each_handling_step_needs_the_officer_role(client, kind, action, body):
    complaint = (await file(client, filing(kind=kind)))["complaint_id"]
    for headers in (NO_ROLES, ALL_BUT_OFFICER):
        refused = await client.post(f"/v1/complaints/{complaint}/{action}", json=body,
                                    headers=headers)
        assert refused.status_code == 403, refused.text
        assert refused.json()["role"] == "officer" and "'officer'" in refused.json()["detail"]
    await _untouched(client, complaint)


@pytest.mark.parametrize(("kind", "action", "body"), STEPS, ids=STEP_IDS)
async def test_each_handling_step_is_the_handling_departments_only(client, kind, action,
                                                                     body):
    complaint = (await file(client, filing(kind=kind)))["complaint_id"]
    refused = await client.post(f"/v1/complaints/{complaint}/{action}", json=body,
                                headers=STHJ)  # an officer, of another department
    assert refused.status_code == 403, refused.text
    assert refused.json()["type"].endswith("/not-your-department")
    await _untouched(client, complaint)


async def test_a_token_without_roles_cannot_restrict_a_reporter_as_malicious(client):
    for _ in range(3):
        filed = await file(client, filing(kind="report", reporter=REPEATER))
        closed = await client.post(f"/v1/complaints/{filed['complaint_id']}/close",
                                   json={"outcome": "malicious"}, headers=NO_ROLES)
        assert closed.status_code == 403
    after = await file(client, filing(kind="report", reporter=REPEATER))
    detail = (await client.get(f"/v1/complaints/{after['complaint_id']}",
                               headers=SCJG)).json()
    assert detail["reporter_standing"] == "ok"


async def _substantiated_report(client) -> str:  # type: ignore[no-untyped-def]
    complaint = (await file(client, filing(fresh_uscc(), kind="report")))["complaint_id"]
    await client.post(f"/v1/complaints/{complaint}/investigate", headers=SCJG)
    closed = await client.post(f"/v1/complaints/{complaint}/close", headers=SCJG,
                               json={"outcome": "substantiated", "severity": "general"})
    assert closed.status_code == 200, closed.text
    return complaint


async def test_rewards_are_decided_and_moved_on_by_the_reviewer_only(client):
    complaint = await _substantiated_report(client)
    decision = {"fine_yuan": "100000", "level": 2}
    path = f"/v1/complaints/{complaint}/reward"
    for headers in (NO_ROLES, SCJG_OFFICER):  # the officer who handled it is not enough
        refused = await client.post(path, json=decision, headers=headers)
        assert refused.status_code == 403 and refused.json()["role"] == "reviewer"
    decided = await client.post(path, json=decision, headers=SCJG_REVIEWER)
    assert decided.status_code == 201, decided.text
    for headers in (NO_ROLES, SCJG):
        refused = await client.post(f"{path}/payment", json={"state": "approved"},
                                    headers=headers)
        assert refused.status_code == 403 and refused.json()["role"] == "reviewer"
    approved = await client.post(f"{path}/payment", json={"state": "approved"},
                                 headers=SCJG_REVIEWER)
    assert approved.json()["state"] == "approved"


async def test_another_departments_reviewer_neither_decides_nor_pays_a_reward(client):
    complaint = await _substantiated_report(client)
    path = f"/v1/complaints/{complaint}/reward"
    decide = await client.post(path, json={"fine_yuan": "100000", "level": 2}, headers=STHJ)
    assert decide.status_code == 403
    assert decide.json()["type"].endswith("/not-your-department")
    await client.post(path, json={"fine_yuan": "100000", "level": 2}, headers=SCJG_REVIEWER)
    pay = await client.post(f"{path}/payment", json={"state": "approved"}, headers=STHJ)
    assert pay.status_code == 403
    assert pay.json()["type"].endswith("/not-your-department")
    payment = await client.post(f"{path}/payment", json={"state": "paid"},
                                headers=SCJG_REVIEWER)
    assert payment.status_code == 409 and "proposed" in payment.json()["detail"]


async def test_relaying_a_channels_filing_needs_the_hotline_role(client):
    for headers in (NO_ROLES, SCJG_OFFICER):
        refused = await client.post("/v1/complaints", json=filing(channel="12345"),
                                    headers=headers)
        assert refused.status_code == 403, refused.text
        assert refused.json()["role"] == "hotline"
    relayed = await file(client, filing(channel="12345"), HOTLINE)
    assert relayed["department"] == "SCJG"


async def test_another_departments_hotline_cannot_choose_where_a_filing_goes(client):
    """A hotline of STHJ relays a food-safety call: it goes where the responsibility list
    sends it, and a department named in the body is refused."""
    relayed = await file(client, filing(channel="12315"), STHJ)
    assert relayed["department"] == "SCJG"
    chosen = await client.post("/v1/complaints", headers=STHJ,
                               json={**filing(channel="12315"), "department": "STHJ"})
    assert chosen.status_code == 422 and "department" in chosen.json()["detail"]


async def test_the_reporter_is_read_by_the_handling_departments_whistleblower_officer(
        client):
    filed = await file(client, filing(kind="report", reporter=REPEATER))
    path = f"/v1/complaints/{filed['complaint_id']}/reporter"
    plain = await client.get(path, headers=SCJG)
    other = await client.get(path, headers=STHJ)  # has the role, not the complaint
    officer = await client.get(path, headers=SCJG_OFFICER)

    assert plain.status_code == 403 and plain.json()["role"] == "whistleblower_officer"
    assert other.status_code == 403
    assert other.json()["type"].endswith("/not-your-department")
    assert REPEATER["phone"] not in plain.text + other.text
    assert officer.status_code == 200 and officer.json()["phone"] == REPEATER["phone"]
