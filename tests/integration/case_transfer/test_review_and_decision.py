"""Legal review, decisions, discretion benchmarks and the sanction ladder (CT-4 … CT-6),
through service, execution and conclusion."""

from __future__ import annotations

from tests.clock import TODAY
from tests.integration.case_transfer.conftest import (
    SCJG,
    SCJG_HEAD,
    SCJG_REVIEWER,
    WSJK,
    events,
    token,
)
from tests.integration.case_transfer.flows import OFFICERS, call, draft, investigate, open_case

MAJOR = draft(circumstance="aggravated", fine_yuan="100000",
              measures=["fine", "confiscation", "licence_revocation"])


async def decided(client, case_id: str, body: dict, status: int = 201):  # type: ignore[no-untyped-def]
    return await call(client, "POST", f"/v1/cases/{case_id}/decision", SCJG_HEAD, status, **body)


async def test_a_major_decision_is_refused_without_a_passed_review(client):
    case = await open_case(client, SCJG)
    await investigate(client, case["id"], SCJG)
    refused = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                                json=MAJOR)
    assert refused.status_code == 409
    body = refused.json()
    assert body["type"].endswith("legal-review-required") and "重大执法决定" in body["detail"]
    assert body["major"][0].startswith("licence_revocation")
    review = await call(client, "POST", f"/v1/cases/{case['id']}/legal-reviews", SCJG, 201,
                        **MAJOR)
    assert (review["status"], review["major"]) == ("pending", True)
    pending = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                                json=MAJOR)
    assert pending.status_code == 409 and "still pending" in pending.text
    investigator = await client.post(f"/v1/legal-reviews/{review['id']}/opinion",
                                     headers=SCJG_REVIEWER, json={
                                         "reviewer": OFFICERS[0], "passed": True,
                                         "opinion": "事实清楚"})
    assert investigator.status_code == 422
    assert investigator.json()["type"].endswith("reviewer-is-investigator")
    other_agency = await client.post(f"/v1/legal-reviews/{review['id']}/opinion",
                                     headers=token("WSJK", "reviewer"), json={
                                         "reviewer": "WSJK-LR-01", "passed": True,
                                         "opinion": "同意"})
    assert other_agency.status_code == 404
    officer = await client.post(f"/v1/legal-reviews/{review['id']}/opinion", headers=SCJG,
                                json={"reviewer": "SCJG-LR-01", "passed": True,
                                      "opinion": "同意"})
    assert officer.status_code == 403 and "'reviewer'" in officer.text
    passed = await call(client, "POST", f"/v1/legal-reviews/{review['id']}/opinion",
                        SCJG_REVIEWER, reviewer="SCJG-LR-01", passed=True,
                        opinion="事实清楚, 证据确凿, 适用法律正确, 程序合法")
    assert passed["status"] == "passed"
    other = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                              json={**MAJOR, "fine_yuan": "95000"})
    assert other.status_code == 409  # not the draft that was reviewed
    decision = await decided(client, case["id"], MAJOR)
    assert decision["major"] is True and decision["review_id"] == review["id"]
    assert decision["benchmark"]["label"] == "SP-124-1@2026.1"
    assert "从重" in decision["benchmark"]["explanation"]
    assert decision["benchmark"]["fine_range_yuan"] == ["85000", "100000"]


async def test_a_returned_review_sends_the_case_back_to_investigation(client):
    case = await open_case(client, SCJG)
    review = await call(client, "POST", f"/v1/cases/{case['id']}/legal-reviews", SCJG, 201,
                        **MAJOR)
    returned = await call(client, "POST", f"/v1/legal-reviews/{review['id']}/opinion",
                          SCJG_REVIEWER, reviewer="SCJG-LR-02", passed=False,
                          opinion="货值金额证据不足, 退回补充调查")
    assert returned["status"] == "returned"
    seen = await call(client, "GET", f"/v1/cases/{case['id']}", SCJG)
    assert seen["stage"] == "investigating"
    refused = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                                json=MAJOR)
    assert refused.status_code == 409


async def test_a_penalty_outside_the_benchmark_is_refused_with_the_range(client):
    case = await open_case(client, SCJG)
    high = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                             json=draft(fine_yuan="70000"))
    assert high.status_code == 422
    assert high.json() == {**high.json(), "field": "fine_yuan", "range_yuan": ["50000", "65000"]}
    assert "从轻" in high.json()["detail"]
    revoke = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                               json=draft(measures=["fine", "licence_revocation"]))
    assert revoke.status_code == 422 and revoke.json()["field"] == "measures"
    assert "licence_revocation is outside" in revoke.json()["detail"]
    unknown = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                                json=draft(violation_code="XX-1"))
    assert unknown.status_code == 422 and "SP-124-1" in unknown.json()["detail"]
    by_value = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                                 json=draft(violation_code="SP-124-2", fine_yuan="100000"))
    assert by_value.status_code == 422 and by_value.json()["field"] == "goods_value_yuan"
    seen = await call(client, "GET", f"/v1/cases/{case['id']}", SCJG)
    assert seen["stage"] == "registered" and seen["decision"] is None


async def test_an_ordinary_penalty_runs_to_its_conclusion(client):
    case = await open_case(client, SCJG)
    await investigate(client, case["id"], SCJG)
    decision = await decided(client, case["id"], draft(
        violation_code="SP-124-2", goods_value_yuan="8000", fine_yuan="90000",
        circumstance="lenient"))  # 10–13 × 8000 yuan; below the major threshold
    assert decision["major"] is False and decision["benchmark"]["fine_range_yuan"] == \
        ["80000.00", "104000.00"]
    premature = await client.post(f"/v1/cases/{case['id']}/conclusion", headers=SCJG, json={})
    assert premature.status_code == 409 and "conclude is not possible at stage decided" \
        in premature.text
    await call(client, "POST", f"/v1/cases/{case['id']}/service", SCJG, note="直接送达")
    unexecuted = await client.post(f"/v1/cases/{case['id']}/conclusion", headers=SCJG, json={})
    assert unexecuted.status_code == 409 and "once executed" in unexecuted.text
    await call(client, "POST", f"/v1/cases/{case['id']}/execution", SCJG, note="罚款已缴纳")
    done = await call(client, "POST", f"/v1/cases/{case['id']}/conclusion", SCJG)
    assert (done["stage"], done["outcome"]) == ("concluded", "penalty")
    [concluded] = await events(client.app, "case.concluded.v1", case["uscc"])
    assert concluded == {**concluded, "decision": "penalty", "severity": "general",
                         "fine_yuan": "90000.00", "decided_on": TODAY.isoformat(),
                         "benchmark": "SP-124-2@2026.1", "violation_code": None}
    steps = [s["step"] for s in await call(client, "GET", f"/v1/cases/{case['id']}/record",
                                           SCJG)]
    assert steps == ["registered", "evidence", "decided", "served", "executed", "concluded"]
    closed = await client.post(f"/v1/cases/{case['id']}/evidence", headers=SCJG,
                               json={"description": "x", "officers": OFFICERS})
    assert closed.status_code == 409


async def test_a_minor_matter_is_offered_the_ladder_and_spared_on_the_exemption_list(client):
    ladder = await call(client, "GET", "/v1/benchmarks/JG-13", WSJK)
    assert [m["measure"] for m in ladder["minor_ladder"]] == \
        ["interview", "warning", "order_to_correct"]
    assert ladder["exemption"] == "MF-005"
    lenient = next(c for c in ladder["circumstances"] if c["circumstance"] == "lenient")
    assert lenient["fine_yuan"] is None and "fine" not in [m["measure"] for m in
                                                           lenient["measures"]]
    case = await open_case(client, SCJG, severity="minor", violation_code="JG-13")
    fined = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD, json=draft(
        violation_code="JG-13", measures=["fine"], fine_yuan="1000"))
    assert fined.status_code == 422 and "allowed interview, order_to_correct, warning" \
        in fined.json()["detail"]
    penalised = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                                  json=draft(outcome="no_penalty", violation_code="JG-13",
                                             measures=["warning"], fine_yuan=None))
    assert penalised.status_code == 422 and "不予处罚" in penalised.json()["detail"]
    spared = await decided(client, case["id"], draft(
        outcome="no_penalty", violation_code="JG-13", circumstance=None,
        measures=["order_to_correct"], fine_yuan=None, reason="首次违法, 及时改正 (首违不罚)"))
    assert spared["benchmark"]["exemption"] == "MF-005"
    await call(client, "POST", f"/v1/cases/{case['id']}/service", SCJG)
    await call(client, "POST", f"/v1/cases/{case['id']}/conclusion", SCJG)
    [concluded] = await events(client.app, "case.concluded.v1", case["uscc"])
    assert (concluded["decision"], concluded["violation_code"], concluded["severity"]) == \
        ("no_penalty", "MF-005", "minor")


async def test_a_dismissal_imposes_nothing(client):
    case = await open_case(client, SCJG)
    loaded = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG_HEAD,
                               json=draft(outcome="dismissed"))
    assert loaded.status_code == 422 and "imposes nothing" in loaded.text
    done = await decided(client, case["id"], draft(
        outcome="dismissed", violation_code=None, circumstance=None, measures=[],
        fine_yuan=None, reason="违法事实不能成立"))
    assert done["benchmark"] is None
    officer = await client.post(f"/v1/cases/{case['id']}/decision", headers=SCJG, json=draft())
    assert officer.status_code == 403 and "'head'" in officer.text
