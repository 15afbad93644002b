"""Joint enforcement and assistance (联合执法 / 协查, CT-3)."""

from __future__ import annotations

from shared.workdays import deadline
from tests.clock import TODAY
from tests.integration.case_transfer.conftest import GA, HUANGDAO, JCY, SCJG, STHJ, WSJK
from tests.integration.case_transfer.flows import call, document, open_case


async def test_a_joint_action_invites_departments_that_join_or_decline(client):
    case = await open_case(client, SCJG)
    hidden = await client.get(f"/v1/cases/{case['id']}", headers=STHJ)
    assert hidden.status_code == 404
    action = await call(client, "POST", f"/v1/cases/{case['id']}/joint-actions", SCJG, 201,
                        departments=["STHJ", "WSJK"], purpose="餐饮集中区联合检查",
                        planned_on="2026-12-01")
    assert [(p["department"], p["status"]) for p in action["participants"]] == \
        [("STHJ", "invited"), ("WSJK", "invited")]
    assert action["participants"][0]["due_on"] == deadline(TODAY, 3).isoformat()
    joined = await call(client, "POST", f"/v1/joint-actions/{action['id']}/answer", STHJ,
                        join=True, note="派两名执法人员参加")
    assert ("STHJ", "joined") in [(p["department"], p["status"]) for p in joined["participants"]]
    await call(client, "POST", f"/v1/joint-actions/{action['id']}/answer", WSJK, join=False,
               note="当日另有任务")
    twice = await client.post(f"/v1/joint-actions/{action['id']}/answer", headers=STHJ,
                              json={"join": False})
    assert twice.status_code == 409
    lead = await client.post(f"/v1/joint-actions/{action['id']}/answer", headers=SCJG,
                             json={"join": True})
    assert lead.status_code == 422
    outsider = await client.post(f"/v1/joint-actions/{action['id']}/answer", headers=GA,
                                 json={"join": True})
    assert outsider.status_code == 404
    seen = await call(client, "GET", f"/v1/cases/{case['id']}", STHJ)  # shared with it now
    assert seen["joint_actions"][0]["lead_department"] == "SCJG"
    for code, why in (("SCJG", "same-department"), ("GA", "judicial-organ")):
        refused = await client.post(f"/v1/cases/{case['id']}/joint-actions", headers=SCJG,
                                    json={"departments": [code], "purpose": "x"})
        assert refused.status_code == 422 and refused.json()["type"].endswith(why)


async def test_an_assistance_request_across_regions_is_answered(client):
    case = await open_case(client, SCJG)
    asked = await call(client, "POST", f"/v1/cases/{case['id']}/assistance-requests", SCJG, 201,
                       to_department="SCJG-370211", request="请协查该企业在黄岛区的经营场所",
                       working_days=5, documents=[document("request_letter", "协查函")])
    assert asked["due_on"] == deadline(TODAY, 5).isoformat() and asked["status"] == "open"
    waiting = await call(client, "GET", "/v1/assistance-requests", HUANGDAO)
    assert asked["id"] in [r["id"] for r in waiting]
    not_theirs = await client.post(f"/v1/assistance-requests/{asked['id']}/answer",
                                   headers=SCJG, json={"answer": "自答"})
    assert not_theirs.status_code == 403
    answered = await call(client, "POST", f"/v1/assistance-requests/{asked['id']}/answer",
                          HUANGDAO, answer="经核查, 该场所已停业", documents=[
                              document("inspection_record", "核查笔录")])
    assert answered["status"] == "answered" and len(answered["attachments"]) == 2
    again = await client.post(f"/v1/assistance-requests/{asked['id']}/answer",
                              headers=HUANGDAO, json={"answer": "再答"})
    assert again.status_code == 409
    record = await call(client, "GET", f"/v1/cases/{case['id']}/record", SCJG)
    assert [s["step"] for s in record][-2:] == ["assistance_requested", "assistance_answered"]
    assert record[-1]["department"] == "SCJG-370211"


async def test_an_assistance_request_is_bounded_and_may_be_declined(client):
    case = await open_case(client, SCJG)
    too_long = await client.post(f"/v1/cases/{case['id']}/assistance-requests", headers=SCJG,
                                 json={"to_department": "WSJK", "request": "x",
                                       "working_days": 31})
    assert too_long.status_code == 422 and "at most 30" in too_long.text
    default = await call(client, "POST", f"/v1/cases/{case['id']}/assistance-requests", SCJG,
                         201, to_department="WSJK", request="请提供该诊所执业许可情况")
    assert default["due_on"] == deadline(TODAY, 10).isoformat()
    declined = await call(client, "POST", f"/v1/assistance-requests/{default['id']}/answer",
                          WSJK, answer="不属本部门管理范围", declined=True)
    assert declined["status"] == "declined"
    assert (await client.get(f"/v1/cases/{case['id']}", headers=JCY)).status_code == 404
