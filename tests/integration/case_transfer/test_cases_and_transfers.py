"""Cases, clues and transfers between departments and regions (CT-1, 情况通报)."""

from __future__ import annotations

from services.case_transfer.domain.persons import masked_name
from shared.workdays import deadline
from tests.clock import TODAY
from tests.integration.case_transfer.conftest import (
    GA,
    HUANGDAO,
    SCJG,
    STHJ,
    WSJK,
    context_of,
    events,
)
from tests.integration.case_transfer.flows import OFFICERS, call, document, open_case

WSJK_OFFICERS = ["WSJK-370200-0031", "WSJK-370200-0032"]
ID_NUMBER = "11010519491231002X"


async def test_a_case_opens_registered_with_its_investigators_and_is_announced(client):
    case = await open_case(client, SCJG)
    assert (case["kind"], case["stage"], case["department"]) == ("case", "registered", "SCJG")
    assert case["registered_on"] == TODAY.isoformat()
    assert case["investigators"] == sorted(OFFICERS)
    [opened] = await events(client.app, "case.opened.v1", case["id"])
    assert opened["department"] == "SCJG" and opened["uscc"] == case["uscc"]
    record = await call(client, "GET", f"/v1/cases/{case['id']}/record", SCJG)
    assert [step["step"] for step in record] == ["registered"]
    assert record[0]["actor"].startswith("SCJG/") and record[0]["officers"] == sorted(OFFICERS)


async def test_a_case_needs_two_investigators_and_one_party(client):
    one = await client.post("/v1/cases", headers=SCJG, json={
        "kind": "case", "uscc": None, "person": None, "title": "x", "facts": "y"})
    assert one.status_code == 422 and "either uscc" in one.text
    lonely = await client.post("/v1/cases", headers=SCJG, json={
        "kind": "case", "uscc": "91370200163562681G", "title": "销售过期食品",
        "facts": "货架上有过期牛奶", "investigators": ["SCJG-370200-0117"]})
    assert lonely.status_code == 422
    assert lonely.json()["field"] == "investigators" and "at least 2" in lonely.json()["detail"]


async def test_a_person_is_stored_and_announced_only_hashed_and_masked(client):
    case = await open_case(client, SCJG, uscc=None,
                           person={"name": "王小明", "id_number": ID_NUMBER})
    assert case["person_name"] == masked_name("王小明") == "王**"
    assert case["person_hash"] == context_of(client.app).persons.hash_id(ID_NUMBER)
    [opened] = await events(client.app, "case.opened.v1", case["id"])
    assert ID_NUMBER not in str(opened) and "王小明" not in str(opened)
    assert opened["person_hash"] == case["person_hash"]
    bad = await client.post("/v1/cases", headers=SCJG, json={
        "kind": "clue", "person": {"name": "王小明", "id_number": "110105194912310021"},
        "title": "t", "facts": "f"})
    assert bad.status_code == 422 and "check character should be X" in bad.text


async def test_a_clue_is_registered_as_a_case_or_dropped(client):
    clue = await open_case(client, SCJG, kind="clue", investigators=None)
    assert clue["stage"] == "clue" and clue["investigators"] == []
    case = await call(client, "POST", f"/v1/cases/{clue['id']}/registration", SCJG,
                      investigators=OFFICERS)
    assert (case["kind"], case["stage"]) == ("case", "registered")
    again = await client.post(f"/v1/cases/{clue['id']}/dropping", headers=SCJG,
                              json={"reason": "不构成违法"})
    assert again.status_code == 409 and "drop is not possible at stage registered" in again.text
    other = await open_case(client, SCJG, kind="clue", investigators=None)
    dropped = await call(client, "POST", f"/v1/cases/{other['id']}/dropping", SCJG,
                         reason="经核查不构成违法")
    assert dropped["stage"] == "dropped" and dropped["concluded_on"] == TODAY.isoformat()


async def test_a_transfer_is_accepted_and_both_sides_see_the_status(client):
    case = await open_case(client, SCJG)
    transfer = await call(client, "POST", f"/v1/cases/{case['id']}/transfers", SCJG, 201,
                          to_department="WSJK", reasons="属卫生健康部门职责 (医疗机构)",
                          attachments=[document("referral", "移送函")])
    assert transfer["status"] == "pending" and transfer["cross_region"] is False
    assert transfer["due_on"] == deadline(TODAY, 5).isoformat()
    waiting = await call(client, "GET", f"/v1/cases/{case['id']}", WSJK)
    assert waiting["pending_transfer_id"] == transfer["id"]
    blocked = await client.post(f"/v1/cases/{case['id']}/evidence", headers=SCJG, json={
        "description": "补充", "officers": OFFICERS})
    assert blocked.status_code == 409 and "waits for the receiver" in blocked.text
    incoming = await call(client, "GET", "/v1/transfers?direction=incoming&status=pending", WSJK)
    assert transfer["id"] in [t["id"] for t in incoming]
    accepted = await call(client, "POST", f"/v1/transfers/{transfer['id']}/acceptance", WSJK,
                          investigators=WSJK_OFFICERS, note="接收")
    assert accepted["status"] == "accepted"
    for side in (SCJG, WSJK):
        seen = await call(client, "GET", f"/v1/cases/{case['id']}", side)
        assert (seen["department"], seen["pending_transfer_id"]) == ("WSJK", None)
        assert seen["transfers"][0]["status"] == "accepted"
        assert seen["investigators"] == WSJK_OFFICERS
    [sent] = await events(client.app, "case.transferred.v1", case["id"])
    [done] = await events(client.app, "case.accepted.v1", case["id"])
    assert sent["to_department"] == done["department"] == "WSJK" and done["late"] is False
    moved = await client.post(f"/v1/cases/{case['id']}/evidence", headers=SCJG, json={
        "description": "补充", "officers": OFFICERS})
    assert moved.status_code == 403 and "department WSJK" in moved.text


async def test_a_transfer_is_returned_with_its_reason(client):
    case = await open_case(client, SCJG, kind="clue", investigators=None)
    transfer = await call(client, "POST", f"/v1/cases/{case['id']}/transfers", SCJG, 201,
                          to_department="STHJ", reasons="疑似排污问题")
    back = await call(client, "POST", f"/v1/transfers/{transfer['id']}/return", STHJ,
                      reason="不属于生态环境部门职责")
    assert back["status"] == "returned" and back["answer_reason"] == "不属于生态环境部门职责"
    seen = await call(client, "GET", f"/v1/cases/{case['id']}", SCJG)
    assert (seen["department"], seen["pending_transfer_id"]) == ("SCJG", None)
    [returned] = await events(client.app, "case.returned.v1", case["id"])
    assert returned == {**returned, "department": "STHJ", "to_department": "SCJG"}
    twice = await client.post(f"/v1/transfers/{transfer['id']}/acceptance", headers=STHJ,
                              json={})
    assert twice.status_code == 409 and "already returned" in twice.text
    record = await call(client, "GET", f"/v1/cases/{case['id']}/record", STHJ)
    assert [s["step"] for s in record][-2:] == ["transferred", "transfer_returned"]


async def test_a_cross_region_transfer_gets_the_longer_deadline(client):
    case = await open_case(client, SCJG)
    transfer = await call(client, "POST", f"/v1/cases/{case['id']}/transfers", SCJG, 201,
                          to_department="SCJG-370211", reasons="违法行为发生地在黄岛区")
    assert transfer["cross_region"] is True
    assert transfer["due_on"] == deadline(TODAY, 10).isoformat()
    short = await client.post(f"/v1/transfers/{transfer['id']}/acceptance", headers=HUANGDAO,
                              json={"investigators": ["HD-0001"]})
    assert short.status_code == 422 and "at least 2" in short.text


async def test_transfers_that_cannot_be(client):
    case = await open_case(client, SCJG)
    for target, why in (("SCJG", "same-department"), ("GA", "judicial-organ"),
                        ("XXXX", "unknown-department")):
        refused = await client.post(f"/v1/cases/{case['id']}/transfers", headers=SCJG,
                                    json={"to_department": target, "reasons": "测试移送"})
        assert refused.status_code == 422 and refused.json()["type"].endswith(why), target
    transfer = await call(client, "POST", f"/v1/cases/{case['id']}/transfers", SCJG, 201,
                          to_department="WSJK", reasons="测试移送")
    outsider = await client.post(f"/v1/transfers/{transfer['id']}/acceptance", headers=GA,
                                 json={})
    assert outsider.status_code == 404
    sender = await client.post(f"/v1/transfers/{transfer['id']}/acceptance", headers=SCJG,
                               json={})
    assert sender.status_code == 403 and "receiving department" in sender.text
