"""Handling by the department: refuse, close with each outcome, malicious reporters,
satisfaction through the receipt, rewards with their payment state, stats (CP-3..CP-6)."""

from __future__ import annotations

from tests.integration.complaint_intake.conftest import (
    HOTLINE,
    SCJG,
    SCJG_OFFICER,
    SCJG_REVIEWER,
    STHJ,
    events,
    file,
    filing,
    fresh_uscc,
)

REPEATER = {"name": "王五", "phone": "13700001111", "id_number": "370211199001011234"}


async def step(client, complaint: str, action: str, body=None, headers=SCJG):  # type: ignore[no-untyped-def]
    return await client.post(f"/v1/complaints/{complaint}/{action}", json=body, headers=headers)


async def test_refusal_reason_reaches_the_complainant_and_closed_cases_are_rated(client):
    filed = await file(client, filing())
    complaint, code = filed["complaint_id"], filed["receipt_code"]
    early = await client.post(f"/v1/receipts/{code}/rating", json={"score": 4})
    assert early.status_code == 409 and "closed" in early.json()["detail"]
    assert (await client.get(f"/v1/receipts/{code}")).json()["rating_open"] is False
    other = await step(client, complaint, "refuse", {"reason": "不属于本部门"}, STHJ)
    assert other.status_code == 403
    refused = await step(client, complaint, "refuse", {"reason": "已过投诉时效，不予受理"})
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    [ended] = await events(client.app, "complaint.closed.v1", complaint)
    assert (ended["outcome"], ended["department"]) == ("refused", "SCJG")
    assert "时效" not in str(ended)  # the reason goes to the complainant, not the topic
    await step(client, complaint, "replies", {"text": "内部备注：联系过商家", "public": False})
    await step(client, complaint, "replies", {"text": "内部：已联系举报人"})  # internal by default
    await step(client, complaint, "replies", {"text": "请携带票据到市场监管所", "public": True})
    receipt = (await client.get(f"/v1/receipts/{code}")).json()
    assert [r["text"] for r in receipt["replies"]] == ["已过投诉时效，不予受理",
                                                       "请携带票据到市场监管所"]
    assert receipt["rating_open"] is True  # refused: the complainant is asked to rate
    assert (await client.post(f"/v1/receipts/{code}/rating", json={"score": 4})).status_code \
        == 204
    again = await client.post(f"/v1/receipts/{code}/rating", json={"score": 1})
    assert again.status_code == 409
    rated = (await client.get(f"/v1/receipts/{code}")).json()
    assert (rated["satisfaction"], rated["rating_open"]) == (4, False)
    late = await step(client, complaint, "accept")
    assert late.status_code == 409 and "refused" in late.json()["detail"]


async def test_substantiated_without_uscc_or_severity_is_refused_then_emitted(client):
    filed = await file(client, filing(subject={"name": "无名小吃摊"}, kind="report"))
    complaint = filed["complaint_id"]
    await step(client, complaint, "investigate")
    no_severity = await step(client, complaint, "close", {"outcome": "substantiated"})
    assert no_severity.status_code == 409 and "severity" in no_severity.json()["detail"]
    no_entity = await step(client, complaint, "close",
                           {"outcome": "substantiated", "severity": "minor"})
    assert no_entity.status_code == 409 and "uscc" in no_entity.json()["detail"]
    uscc = fresh_uscc()
    closed = await step(client, complaint, "close",
                        {"outcome": "substantiated", "severity": "minor", "uscc": uscc,
                         "finding_for": "WSJK"})
    assert closed.status_code == 200, closed.text
    [found] = await events(client.app, "complaint.substantiated.v1", uscc)
    assert (found["complaint_id"], found["handling_department"], found["finding_for"]) == (
        complaint, "SCJG", "WSJK")
    [done] = await events(client.app, "complaint.closed.v1", complaint)
    assert done["outcome"] == "substantiated" and done["uscc"] == uscc


async def test_malicious_closures_restrict_the_reporter_by_blind_index(client):
    for _ in range(3):
        filed = await file(client, filing(kind="report", reporter=REPEATER))
        assert filed["complaint_id"]
        await step(client, filed["complaint_id"], "investigate")
        closed = await step(client, filed["complaint_id"], "close", {"outcome": "malicious"})
        assert closed.status_code == 200 and closed.json()["reporter_standing"] == "ok"
    same_person = {**REPEATER, "phone": "+86 137 0000 1111", "name": "王 五"}
    next_one = await file(client, filing(kind="report", reporter=same_person))
    detail = (await client.get(f"/v1/complaints/{next_one['complaint_id']}",
                               headers=SCJG)).json()
    assert detail["reporter_standing"] == "restricted"
    by_phone_only = await file(client, filing(kind="report", reporter={  # no ID this time
        "phone": REPEATER["phone"], "name": "化名"}))
    detail = (await client.get(f"/v1/complaints/{by_phone_only['complaint_id']}",
                               headers=SCJG)).json()
    assert detail["reporter_standing"] == "restricted"
    stranger = await file(client, filing(kind="report", reporter={"phone": "13600002222"}))
    detail = (await client.get(f"/v1/complaints/{stranger['complaint_id']}",
                               headers=SCJG)).json()
    assert detail["reporter_standing"] == "ok"
    # counted by the rate limiter: one more public filing a week while restricted
    again = await client.post("/v1/complaints", json=filing(kind="report",
                                                           reporter=same_person))
    relayed = await client.post("/v1/complaints", headers=HOTLINE, json=filing(
        kind="report", reporter=same_person, channel="12315"))
    assert again.status_code == 429 and int(again.headers["Retry-After"]) > 86_400
    assert "malicious" in again.json()["detail"] and REPEATER["phone"] not in again.text
    assert relayed.status_code == 201  # a hotline relaying a call is not limited


async def test_a_reporter_is_known_by_an_identifier_in_any_field_and_never_by_name_alone(
        client):
    """CP-5: three malicious closures against a reporter who gave a contact restrict the
    next filing giving that contact with a phone; another person of the same name who
    gives only the name is not charged with them."""
    marked = {"name": "张同名", "contact": "zhang.tongming@example.cn"}
    for reporter in (marked, {"name": "张同名"}) * 3:  # and three against a name alone
        filed = await file(client, filing(kind="report", reporter=reporter))
        await step(client, filed["complaint_id"], "investigate")
        await step(client, filed["complaint_id"], "close", {"outcome": "malicious"})

    async def standing(reporter: dict) -> str:
        filed = await file(client, filing(kind="report", reporter=reporter))
        return (await client.get(f"/v1/complaints/{filed['complaint_id']}",
                                 headers=SCJG)).json()["reporter_standing"]

    assert await standing({"contact": marked["contact"], "phone": "13500003333"}) \
        == "restricted"
    assert await standing({"name": "张同名"}) == "ok"  # a namesake, unknown otherwise
    named_only = await file(client, filing(kind="report", reporter={"name": "张同名"}))
    identity = await client.get(f"/v1/complaints/{named_only['complaint_id']}/reporter",
                                headers=SCJG_OFFICER)
    assert identity.json()["name"] == "张同名"  # a name alone is still sealed and kept


async def test_a_reward_for_a_substantiated_report_is_computed_and_paid(client):
    uscc = fresh_uscc()
    filed = await file(client, filing(uscc, kind="report", internal_whistleblower=True))
    complaint = filed["complaint_id"]
    decision = {"fine_yuan": "200000", "level": 1}
    early = await step(client, complaint, "reward", decision, SCJG_REVIEWER)
    assert early.status_code == 409 and "substantiated" in early.json()["detail"]
    await step(client, complaint, "investigate")
    await step(client, complaint, "close", {"outcome": "substantiated", "severity": "general"})
    reward = await step(client, complaint, "reward", decision, SCJG_REVIEWER)
    assert reward.status_code == 201, reward.text
    assert reward.json()["amount_yuan"] == "15000.00"  # 5% = 10,000, internal ×1.5
    assert reward.json()["state"] == "proposed" and "1.5" in reward.json()["basis"]
    skipped = await step(client, complaint, "reward/payment", {"state": "paid"}, SCJG_REVIEWER)
    assert skipped.status_code == 409
    for state in ("approved", "paid"):
        moved = await step(client, complaint, "reward/payment", {"state": state},
                           SCJG_REVIEWER)
        assert moved.json()["state"] == state
    assert moved.json()["paid_on"] is not None


async def test_stats_count_what_the_department_received_and_did(client):
    before = (await client.get("/v1/stats", headers=SCJG)).json()
    first = await file(client, filing())
    await file(client, filing())
    await step(client, first["complaint_id"], "accept")
    await step(client, first["complaint_id"], "close", {"outcome": "not_substantiated"})
    await client.post(f"/v1/receipts/{first['receipt_code']}/rating", json={"score": 5})
    after = (await client.get("/v1/stats", headers=SCJG)).json()
    assert after["received"] == before["received"] + 2
    assert after["accepted_in_time"] >= before["accepted_in_time"] + 1
    assert after["closed"] >= before["closed"] + 1
    assert after["average_days_to_accept"] == 0 and after["satisfaction"] is not None
    swapped = await client.get("/v1/stats", params={"from": "2026-12-01", "to": "2026-11-01"},
                               headers=SCJG)
    assert swapped.status_code == 422 and "swap" in swapped.json()["detail"]
    earliest = await client.get("/v1/stats", params={"to": "1949-10-05"}, headers=SCJG)
    assert earliest.status_code == 200 and earliest.json()["period_from"] == "1949-10-01"
