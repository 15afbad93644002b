"""The credit report (信用报告, CR-12): one JSON shape as of a day, and a printable page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.clock import TODAY
from tests.integration.credit_rating.conftest import (
    SCJG,
    SCJG_REVIEWER,
    YJGL,
    fresh_uscc,
    register,
    token,
)

XZSP = token("XZSP", "officer")
OBJECTION_REASON = "申诉人李四手机13800000000称处罚有误"
OBLIGATIONS = "罚款已由王五代缴"


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


async def entity_with_a_history(client) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """A general penalty (200 days ago) repaired today, a minor one (100 days ago)
    removed today on objection, and a commitment signed 30 days ago."""
    uscc = await register(client, name="<script>alert('x')</script>青岛报告测试有限公司")
    ids = []
    for severity, days in (("general", 200), ("minor", 100)):
        answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
            "kind": "administrative_penalty", "severity": severity, "department": "SCJG",
            "legal_basis": "《广告法》第五十八条 <b>", "decided_on": days_ago(days)})
        ids.append(answer.json()["id"])
    repair = (await client.post("/v1/repairs", headers=YJGL, json={
        "record_id": ids[0], "obligations_fulfilled": True, "obligations": OBLIGATIONS,
        "public_commitment": "本单位承诺今后严格遵守法律法规, 诚信经营"})).json()
    decided = await client.post(f"/v1/repairs/{repair['id']}:decide", headers=SCJG_REVIEWER,
                                json={"approve": True})
    assert decided.status_code == 200, decided.text
    objection = (await client.post("/v1/objections", headers=YJGL, json={
        "record_id": ids[1], "reason": OBJECTION_REASON})).json()
    removed = await client.post(f"/v1/objections/{objection['id']}:decide",
                                headers=SCJG_REVIEWER,
                                json={"outcome": "removed", "note": "复议撤销"})
    assert removed.status_code == 200, removed.text
    made = await client.post("/v1/commitments", headers=XZSP, json={
        "uscc": uscc, "kind": "public_disclosure", "department": "XZSP",
        "content": "主动公开承诺", "made_on": days_ago(30)})
    assert made.status_code == 201, made.text
    return uscc, ids[0], ids[1]


async def test_the_report_replays_the_file_as_it_stood_on_each_day(client):
    uscc, repaired_id, removed_id = await entity_with_a_history(client)
    url = f"/v1/entities/{uscc}/report"

    now = await client.get(url, headers=YJGL)
    before = await client.get(url, params={"as_of": days_ago(1)}, headers=YJGL)
    earlier = await client.get(url, params={"as_of": days_ago(150)}, headers=YJGL)

    assert now.status_code == 200, now.text
    body = now.json()
    assert body["format"] == "jianguan-credit-report/1" and body["as_of"] == TODAY.isoformat()
    assert body["entity"]["uscc"] == uscc and body["entity"]["legal_representative"] == "张三"
    statuses = {r["id"]: (r["status"], r["in_publicity"]) for r in body["records"]}
    assert statuses == {repaired_id: ("repaired", False), removed_id: ("removed", False)}
    assert body["grade"]["grade"] == "A"
    assert [(r["status"], r["record_id"]) for r in body["repairs"]] == [
        ("approved", repaired_id)]
    assert [(o["status"], o["record_id"]) for o in body["objections"]] == [
        ("removed", removed_id)]
    kinds = sorted(c["kind"] for c in body["commitments"])
    assert kinds == ["credit_repair", "public_disclosure"]

    then = before.json()
    statuses = {r["id"]: (r["status"], r["in_publicity"]) for r in then["records"]}
    assert statuses == {repaired_id: ("active", True), removed_id: ("active", False)}
    assert then["grade"]["grade"] == "C"
    assert {rid for f in then["grade"]["factors"] for rid in f["record_ids"]} >= {repaired_id}
    assert (then["repairs"], then["objections"]) == ([], [])
    assert [c["kind"] for c in then["commitments"]] == ["public_disclosure"]

    oldest = earlier.json()
    assert [r["id"] for r in oldest["records"]] == [repaired_id]
    assert oldest["commitments"] == [] and oldest["grade"]["grade"] == "C"
    for report in (body, then, oldest):
        text = str(report)
        assert OBJECTION_REASON not in text and OBLIGATIONS not in text


async def test_the_printable_view_is_escaped_html(client):
    uscc, repaired_id, _ = await entity_with_a_history(client)

    negotiated = await client.get(f"/v1/entities/{uscc}/report",
                                  headers={**YJGL, "Accept": "text/html"})
    page = await client.get(f"/v1/entities/{uscc}/report.html",
                            params={"as_of": days_ago(1)}, headers=YJGL)

    assert negotiated.status_code == 200 and page.status_code == 200
    assert negotiated.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "一般失信" in html and "信用报告" in html
    assert repaired_id not in html  # a reader sees the record's number in the file instead
    assert OBJECTION_REASON not in negotiated.text


async def test_bad_report_requests_say_what_to_change(client):
    uscc = await register(client)
    future = await client.get(f"/v1/entities/{uscc}/report",
                              params={"as_of": (TODAY + timedelta(days=2)).isoformat()},
                              headers=YJGL)
    malformed = await client.get(f"/v1/entities/{uscc}/report", params={"as_of": "yesterday"},
                                 headers=YJGL)
    unknown = await client.get(f"/v1/entities/{fresh_uscc()}/report", headers=YJGL)

    assert future.status_code == 422 and "after today" in future.json()["detail"]
    assert malformed.status_code == 422
    assert unknown.status_code == 404, unknown.text
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]
    assert {"CreditReport", "ReportRecord", "ReportCommitment"} <= set(schema)


@pytest.mark.parametrize("path", ["report", "report.html"])
@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1949-09-30", "2100-01-01",
                                   "0", "2026-02-30"])
async def test_a_report_day_outside_the_plausible_range_is_a_422_naming_as_of(client, path,
                                                                             as_of):
    uscc = await register(client)
    answer = await client.get(f"/v1/entities/{uscc}/{path}", params={"as_of": as_of},
                              headers=YJGL)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == "query.as_of"


@pytest.mark.parametrize("path", ["report", "report.html"])
async def test_a_report_before_the_entity_existed_or_after_today_is_a_422(client, path):
    uscc = await register(client, established_on="2015-03-01")
    for as_of, why in (("2015-02-28", "before the entity was established"),
                       ((TODAY + timedelta(days=1)).isoformat(), "after today")):
        answer = await client.get(f"/v1/entities/{uscc}/{path}", params={"as_of": as_of},
                                  headers=YJGL)
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["field"] == "query.as_of"
        assert why in answer.json()["detail"]
    first_day = await client.get(f"/v1/entities/{uscc}/{path}",
                                 params={"as_of": "2015-03-01"}, headers=YJGL)
    assert first_day.status_code == 200, first_day.text
