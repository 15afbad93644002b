"""Blacklisting is a decision (CR-5, issue 16.5): a serious record or a judicial transfer
(a suspicion) only proposes the listing; the department that made it confirms it, with
the day the entity was notified and heard and the day and reference of the decision, or
declines it; automatic listing stays where the rule data says (the 经营异常名录)."""

from __future__ import annotations

from datetime import timedelta

from services.credit_rating.handlers.incoming import record_case_conclusion
from shared.contracts.case import CaseConcluded, CaseDecision
from tests.clock import TODAY, days_ago
from tests.integration.credit_rating.conftest import (
    SCJG,
    SCJG_REVIEWER,
    YJGL,
    YJGL_REVIEWER,
    confirm_listing,
    context_of,
    events,
    listing_proposals,
    register,
)


async def serious(client, uscc: str, days: int = 20) -> str:  # type: ignore[no-untyped-def]
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
        "kind": "administrative_penalty", "severity": "serious", "department": "SCJG",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "decided_on": days_ago(days).isoformat()})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def listed(client, uscc: str) -> bool:  # type: ignore[no-untyped-def]
    check = await client.get(f"/v1/entities/{uscc}/check", headers=YJGL)
    lists = await client.get(f"/v1/entities/{uscc}/lists", headers=YJGL)
    assert check.json()["blacklist"]["listed"] == lists.json()["blacklist"]["listed"]
    return bool(lists.json()["blacklist"]["listed"])


async def test_a_serious_record_proposes_and_the_department_decides_the_listing(client):
    uscc = await register(client)
    record_id = await serious(client, uscc)

    assert not await listed(client, uscc), "a serious record alone listed the entity"
    assert await events(client.app, "credit.blacklist.changed.v1", uscc) == []
    [proposal] = await listing_proposals(client, uscc)
    assert (proposal["department"], proposal["record_ids"], proposal["proposed_on"]) == (
        "SCJG", [record_id], TODAY.isoformat())
    [proposed] = await events(client.app, "credit.blacklist.proposed.v1", uscc)
    assert proposed["proposal_id"] == proposal["id"]

    notified = days_ago(20)
    refusals = [
        await confirm_listing(client, proposal, notified_on=notified, reviewer=YJGL_REVIEWER),
        await confirm_listing(client, proposal, notified_on=notified, reviewer=SCJG),
        await confirm_listing(client, proposal, notified_on=days_ago(3)),  # not heard yet
        await confirm_listing(client, proposal, notified_on=days_ago(21)),  # before finding
        await client.post(f"/v1/blacklist-proposals/{proposal['id']}:confirm",
                          headers=SCJG_REVIEWER, json={
                              "notified_on": notified.isoformat(),
                              "decided_on": (TODAY + timedelta(days=1)).isoformat(),
                              "decision_ref": "青市监信列〔2026〕1号"}),
    ]
    assert [r.status_code for r in refusals] == [403, 403, 422, 422, 422], [
        r.text for r in refusals]
    assert refusals[0].json()["type"].endswith("/not-your-department")
    assert "'reviewer'" in refusals[1].json()["detail"]
    assert [r.json()["errors"][0]["field"] for r in refusals[2:]] == [
        "body.decided_on", "body.notified_on", "body.decided_on"]
    assert not await listed(client, uscc)

    confirmed = await confirm_listing(client, proposal, notified_on=notified)
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["notified_on"]) == (
        "confirmed", notified.isoformat())
    [decided] = await events(client.app, "credit.blacklist.decided.v1", uscc)
    assert (decided["outcome"], decided["decided_on"], decided["notified_on"]) == (
        "confirmed", TODAY.isoformat(), notified.isoformat())
    [change] = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert change["listed"] and change["record_ids"] == [record_id]
    assert await listed(client, uscc)
    lists = (await client.get(f"/v1/entities/{uscc}/lists", headers=YJGL)).json()
    assert lists["blacklist"]["listed_since"] == TODAY.isoformat()
    again = await confirm_listing(client, proposal, notified_on=notified)
    assert again.status_code == 409 and again.json()["type"].endswith("/proposal-decided")


async def test_a_declined_proposal_lists_nothing_and_is_not_proposed_again(client):
    uscc = await register(client)
    await serious(client, uscc)
    [proposal] = await listing_proposals(client, uscc)
    wrong = await client.post(f"/v1/blacklist-proposals/{proposal['id']}:decline",
                              headers=YJGL_REVIEWER, json={"note": "情节轻微, 不予列入"})
    declined = await client.post(f"/v1/blacklist-proposals/{proposal['id']}:decline",
                                 headers=SCJG_REVIEWER, json={"note": "情节轻微, 不予列入"})
    assert wrong.status_code == 403 and declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"

    later = await serious(client, uscc, days=10)  # another finding is proposed on its own
    assert not await listed(client, uscc)
    [pending] = await listing_proposals(client, uscc)
    assert pending["record_ids"] == [later]
    [outcome] = await events(client.app, "credit.blacklist.decided.v1", uscc)
    assert outcome["outcome"] == "declined" and outcome["notified_on"] is None


async def test_a_judicial_transfer_is_a_suspicion_that_only_proposes(client):
    uscc = await register(client)
    transfer = CaseConcluded(
        case_id="CASE-XZ-1", uscc=uscc, department="SCJG",
        decision=CaseDecision.JUDICIAL_TRANSFER, severity="serious", decided_on=days_ago(20),
        legal_basis="国务院令第310号: 涉嫌犯罪, 移送公安机关立案")
    async with client.app.state.db.unit_of_work() as uow:
        await record_case_conclusion(context_of(client.app), uow, transfer, event_id="e-jt",
                                     actor="case-transfer")

    assert not await listed(client, uscc)
    [proposal] = await listing_proposals(client, uscc)
    records = (await client.get(f"/v1/entities/{uscc}/records", headers=YJGL)).json()
    assert proposal["record_ids"] == [r["id"] for r in records]
    assert records[0]["kind"] == "judicial_transfer"


async def test_a_proposal_whose_records_no_longer_weigh_cannot_be_confirmed(client):
    uscc = await register(client)
    record_id = await serious(client, uscc)
    [proposal] = await listing_proposals(client, uscc)
    filed = await client.post("/v1/objections", headers=SCJG, json={
        "record_id": record_id, "reason": "处罚决定已被行政复议撤销"})
    removed = await client.post(f"/v1/objections/{filed.json()['id']}:decide",
                                headers=SCJG_REVIEWER,
                                json={"outcome": "removed", "note": "复议撤销"})
    assert removed.status_code == 200, removed.text

    lapsed = await confirm_listing(client, proposal, notified_on=days_ago(20))
    assert lapsed.status_code == 409 and lapsed.json()["type"].endswith("/proposal-lapsed")
    assert not await listed(client, uscc)


async def test_proposals_are_listed_by_status_and_read_one_by_one(client):
    uscc = await register(client)
    await serious(client, uscc)
    [proposal] = await listing_proposals(client, uscc)
    read = await client.get(f"/v1/blacklist-proposals/{proposal['id']}", headers=YJGL)
    assert read.status_code == 200 and read.json() == proposal
    assert await listing_proposals(client, uscc, status="confirmed") == []
    missing = await client.get("/v1/blacklist-proposals/no-such-id", headers=YJGL)
    bad = await client.get("/v1/blacklist-proposals", headers=YJGL, params={"status": "x"})
    assert (missing.status_code, bad.status_code) == (404, 422)


async def test_the_credit_report_shows_a_confirmed_listing_and_its_grade(client):
    """The report re-assesses the lists as of its day: a confirmed listing must count there
    as it does in the check, or the report would show a blacklisted entity as unlisted."""
    uscc = await register(client)
    await serious(client, uscc)
    [proposal] = await listing_proposals(client, uscc)
    confirmed = await confirm_listing(client, proposal, notified_on=days_ago(20))
    assert confirmed.status_code == 200, confirmed.text

    report = await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)
    assert report.status_code == 200, report.text
    assert await listed(client, uscc)
    assert report.json()["blacklist"]["listed"] is True
    check = await client.get(f"/v1/entities/{uscc}/check", headers=YJGL)
    assert report.json()["grade"]["grade"] == check.json()["grade"] == "D"
