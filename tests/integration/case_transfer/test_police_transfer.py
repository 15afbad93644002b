"""行刑衔接 (CT-2): each transition and each refused one, who sees the case, and a crime
that can no longer end in an administrative penalty only."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.case_transfer.conftest import (
    GA,
    JCY,
    SCJG,
    SCJG_HEAD,
    WSJK,
    WSJK_HEAD,
    clock_of,
    events,
    make_app,
    serving,
)
from tests.integration.case_transfer.flows import (
    FOUR_DOCUMENTS,
    OFFICERS,
    call,
    document,
    draft,
    investigate,
    open_case,
    to_police,
)


def path(case: dict, step: str = "") -> str:
    return f"/v1/cases/{case['id']}/police-transfer" + (f"/{step}" if step else "")


async def test_from_proposal_to_the_police_and_back_with_a_reconsideration(client):
    case = await open_case(client, SCJG)
    await investigate(client, case["id"], SCJG)
    hidden = await client.get(f"/v1/cases/{case['id']}", headers=JCY)
    assert hidden.status_code == 404  # no 行刑衔接 yet: not the procuratorate's
    proposed = await call(client, "POST", path(case), SCJG, 201, grounds="涉嫌销售伪劣产品罪",
                          officers=OFFICERS)
    assert proposed["state"] == "proposed"
    assert (await call(client, "GET", f"/v1/cases/{case['id']}", JCY))["criminal_state"] \
        == "proposed"
    assert (await client.get(f"/v1/cases/{case['id']}", headers=GA)).status_code == 404
    approved = await call(client, "POST", path(case, "head-decision"), SCJG_HEAD, approve=True)
    assert approved["state"] == "approved"
    delivered = await call(client, "POST", path(case, "delivery"), SCJG,
                           documents=[document(k) for k in FOUR_DOCUMENTS])
    assert delivered["state"] == "delivered"
    [sent] = await events(client.app, "case.police.transferred.v1", case["id"])
    assert sent["within_24_hours"] is True and sorted(sent["documents"]) == sorted(FOUR_DOCUMENTS)
    assert (await call(client, "GET", f"/v1/cases/{case['id']}", GA))["criminal_state"] \
        == "delivered"
    declined = await call(client, "POST", path(case, "police-decision"), GA, filed=False,
                          reason="现有证据不足以证明涉案金额达到立案标准")
    assert declined["state"] == "not_filed" and declined["reconsideration_due_on"]
    asked = await call(client, "POST", path(case, "reconsideration"), SCJG,
                       reason="补充检验报告显示货值金额已达立案标准")
    assert asked["state"] == "reconsideration_asked"
    reversed_ = await call(client, "POST", path(case, "reconsideration-answer"), GA,
                           reverse=True, reason="复议认为符合立案条件, 决定立案")
    assert reversed_["state"] == "filed"
    decided = await events(client.app, "case.police.decided.v1", case["id"])
    assert [d["decision"] for d in decided] == ["not_filed", "reversed"]
    assert decided[0]["reconsideration_due_on"] == declined["reconsideration_due_on"]
    concluded = await call(client, "POST", f"/v1/cases/{case['id']}/conclusion", SCJG,
                           note="移送公安机关立案侦查")
    assert (concluded["stage"], concluded["outcome"]) == ("concluded", "judicial_transfer")
    [end] = await events(client.app, "case.concluded.v1", case["uscc"])
    assert (end["decision"], end["severity"], end["fine_yuan"]) == \
        ("judicial_transfer", "serious", None)
    record = [s["step"] for s in await call(client, "GET", f"/v1/cases/{case['id']}/record", JCY)]
    assert record == ["registered", "evidence", "criminal_transfer_proposed",
                      "criminal_transfer_approved", "criminal_transfer_delivered",
                      "police_not_filed", "reconsideration_asked", "reconsideration_reversed",
                      "concluded"]


async def test_each_step_out_of_turn_is_refused_naming_it(client):
    case = await open_case(client, SCJG)
    for step, body in (("head-decision", {"approve": True}),
                       ("delivery", {"documents": [document(k) for k in FOUR_DOCUMENTS]}),
                       ("reconsideration", {"reason": "复议理由"})):
        headers = SCJG_HEAD if step == "head-decision" else SCJG
        refused = await client.post(path(case, step), headers=headers, json=body)
        assert refused.status_code == 409, step
        assert "no 行刑衔接 transfer" in refused.json()["detail"]
    await call(client, "POST", path(case), SCJG, 201, grounds="涉嫌犯罪", officers=OFFICERS)
    early = await client.post(path(case, "delivery"), headers=SCJG,
                              json={"documents": [document(k) for k in FOUR_DOCUMENTS]})
    assert early.status_code == 409
    assert early.json()["detail"].startswith("delivery needs a transfer in state approved")
    again = await client.post(path(case), headers=SCJG,
                              json={"grounds": "再次", "officers": OFFICERS})
    assert again.status_code == 409 and "already proposed" in again.text
    officer = await client.post(path(case, "head-decision"), headers=SCJG, json={"approve": True})
    assert officer.status_code == 403 and "'head'" in officer.json()["detail"]
    other_head = await client.post(path(case, "head-decision"), headers=WSJK_HEAD,
                                   json={"approve": True})
    assert other_head.status_code == 404
    police_early = await client.post(path(case, "police-decision"), headers=GA,
                                     json={"filed": True})
    assert police_early.status_code == 404  # the police see it only once delivered
    unsaid = await client.post(path(case, "head-decision"), headers=SCJG_HEAD,
                               json={"approve": False})
    assert unsaid.status_code == 422 and "needs its reason" in unsaid.text
    refused = await call(client, "POST", path(case, "head-decision"), SCJG_HEAD, approve=False,
                         reason="情节显著轻微, 不构成犯罪")
    assert refused["state"] == "not_approved"
    decision = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                                 json=draft())
    assert decision.status_code == 201, decision.text  # not approved: handled administratively


async def test_the_officers_and_the_four_documents_are_required(client):
    case = await open_case(client, SCJG)
    alone = await client.post(path(case), headers=SCJG,
                              json={"grounds": "涉嫌犯罪", "officers": [OFFICERS[0]]})
    assert alone.status_code == 422 and "at least 2 officers" in alone.text
    stranger = await client.post(path(case), headers=SCJG, json={
        "grounds": "涉嫌犯罪", "officers": [OFFICERS[0], "SCJG-370200-9999"]})
    assert stranger.status_code == 422 and "SCJG-370200-9999" in stranger.text
    await call(client, "POST", path(case), SCJG, 201, grounds="涉嫌犯罪", officers=OFFICERS)
    await call(client, "POST", path(case, "head-decision"), SCJG_HEAD, approve=True)
    three = [document(k) for k in FOUR_DOCUMENTS if k != "inspection_conclusion"]
    missing = await client.post(path(case, "delivery"), headers=SCJG, json={"documents": three})
    assert missing.status_code == 422
    body = missing.json()
    assert body["field"] == "documents" and body["missing"] == ["有关检验报告或者鉴定结论 "
                                                                "(inspection_conclusion)"]
    seen = await call(client, "GET", f"/v1/cases/{case['id']}", SCJG)
    assert seen["criminal_state"] == "approved"  # nothing moved


async def test_a_crime_cannot_end_in_an_administrative_penalty_only(client):
    case = await open_case(client, SCJG)
    await to_police(client, case["id"], SCJG, SCJG_HEAD)
    during = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                               json=draft())
    assert during.status_code == 409 and "delivered" in during.json()["detail"]
    early_end = await client.post(f"/v1/cases/{case['id']}/conclusion", headers=SCJG, json={})
    assert early_end.status_code == 409 and "wait for the police" in early_end.text
    await call(client, "POST", path(case, "police-decision"), GA, filed=True)
    fined = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                              json=draft())
    assert fined.status_code == 409 and fined.json()["type"].endswith("crime-filed")
    revoked = await client.post(f"/v1/cases/{case['id']}/legal-reviews", headers=SCJG,
                                json=draft(circumstance="aggravated", fine_yuan=None,
                                           measures=["licence_revocation"]))
    assert revoked.status_code == 201, revoked.text  # revocation goes on alongside the crime


async def test_reconsideration_is_refused_after_its_three_days(database):
    async with serving(make_app(database)) as client:
        case = await open_case(client, SCJG)
        await to_police(client, case["id"], SCJG, SCJG_HEAD)
        declined = await call(client, "POST", path(case, "police-decision"), GA, filed=False,
                              reason="不符合立案标准")
        clock_of(client.app).advance(timedelta(days=10))
        late = await client.post(path(case, "reconsideration"), headers=SCJG,
                                 json={"reason": "补充证据"})
        assert late.status_code == 409
        body = late.json()
        assert body["deadline"] == "reconsideration_request"
        assert body["due_on"] == declined["reconsideration_due_on"]
        assert "reconsideration_request" in body["detail"]


async def test_only_the_police_it_reached_decide(client):
    case = await open_case(client, SCJG)
    await to_police(client, case["id"], SCJG, SCJG_HEAD)
    for headers, status in ((SCJG, 403), (WSJK, 404), (JCY, 403)):
        refused = await client.post(path(case, "police-decision"), headers=headers,
                                    json={"filed": True})
        assert refused.status_code == status, headers
    seen = await call(client, "GET", f"/v1/cases/{case['id']}", GA)
    assert seen["criminal_transfers"][0]["documents"]
