"""Inclusive prudent supervision through the API (包容审慎, CR-8): the 免罚清单 and the
new-economy 包容期 show in the grade explanation and spare the grade."""

from __future__ import annotations

from datetime import timedelta

from tests import clock
from tests.clock import TODAY
from tests.integration.credit_rating.conftest import SCJG, YJGL, events, register


def days_ago(days: int) -> str:
    return clock.days_ago(days).isoformat()


async def add(client, uscc: str, severity: str, decided_on: str,  # type: ignore[no-untyped-def]
              violation_code: str | None = None) -> dict:
    record = {"kind": "administrative_penalty", "severity": severity, "department": "SCJG",
              "legal_basis": "《中华人民共和国市场主体登记管理条例》第三十六条",
              "decided_on": decided_on, "violation_code": violation_code}
    answer = await client.post(f"/v1/entities/{uscc}/records", json=record, headers=SCJG)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_inside_the_tolerance_period_minor_and_general_mean_guidance_not_downgrade(
        client):
    until = (TODAY + timedelta(days=300)).isoformat()
    uscc = await register(client, new_economy=True, established_on=days_ago(400),
                          tolerance_until=until)
    minor = await add(client, uscc, "minor", days_ago(30))
    general = await add(client, uscc, "general", days_ago(20))

    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()
    assert (grade["grade"], grade["score"]) == ("A", 100)
    explained = {rid: f for f in grade["factors"] for rid in f["record_ids"]}
    for record in (minor, general):
        factor = explained[record["id"]]
        assert factor["points"] == 0
        assert f"包容期内(至 {until})" in factor["explanation"]
        assert "guidance" in factor["explanation"]
    assert [g["new_grade"] for g in await events(client.app, "credit.grade.changed.v1",
                                                 uscc)] == ["A"]
    report = (await client.get(f"/v1/entities/{uscc}/report", headers=YJGL)).json()
    assert (report["entity"]["in_tolerance"], report["entity"]["tolerance_until"]) == (
        True, until)
    assert report["grade"]["grade"] == "A"

    serious = await add(client, uscc, "serious", days_ago(10))
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()
    assert grade["grade"] == "D"
    assert any(serious["id"] in f["record_ids"] and f["points"] < 0 for f in grade["factors"])


async def test_the_same_violations_downgrade_an_entity_without_tolerance(client):
    uscc = await register(client, new_economy=False, established_on=days_ago(400))
    await add(client, uscc, "minor", days_ago(30))
    await add(client, uscc, "general", days_ago(20))
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()
    assert grade["grade"] == "C"
    assert not any("包容期" in f["explanation"] for f in grade["factors"])


async def test_only_the_first_listed_minor_violation_is_exempt(client):
    uscc = await register(client)
    first = await add(client, uscc, "minor", days_ago(60), violation_code="MF-005")
    second = await add(client, uscc, "minor", days_ago(10), violation_code="MF-005")

    assert (first["status"], first["published"]) == ("exempted", False)
    assert "MF-005" in first["exempt_reason"]
    assert (second["status"], second["exempt_reason"]) == ("active", None)
    grade = (await client.get(f"/v1/entities/{uscc}/grade", headers=YJGL)).json()
    assert grade["grade"] == "B"
    explained = {rid: f for f in grade["factors"] for rid in f["record_ids"]}
    assert explained[first["id"]]["points"] == 0
    assert "免罚清单 MF-005" in explained[first["id"]]["explanation"]
    assert explained[second["id"]]["points"] < 0
    added = await events(client.app, "credit.record.added.v1", uscc)
    assert [a["status"] for a in added] == ["exempted", "active"]


async def test_inside_the_tolerance_period_repeats_bring_a_reminder_but_no_watchlist(client):
    until = (TODAY + timedelta(days=300)).isoformat()
    tolerated = await register(client, new_economy=True, established_on=days_ago(400),
                               tolerance_until=until)
    ordinary = await register(client)
    for uscc in (tolerated, ordinary):
        for days in (40, 30, 20):  # three make a reminder due
            await add(client, uscc, "minor", days_ago(days))
        held = await client.post(f"/v1/entities/{uscc}/reminders", headers=SCJG, json={
            "department": "SCJG", "held_on": days_ago(15)})
        assert held.status_code == 201, held.text
        await add(client, uscc, "minor", days_ago(10))  # the fourth follows the 约谈

    assert len(await events(client.app, "credit.reminder.issued.v1", tolerated)) == 1
    assert await watch_warnings(client, tolerated) == []
    assert len(await watch_warnings(client, ordinary)) == 1
    lists = (await client.get(f"/v1/entities/{tolerated}/lists", headers=YJGL)).json()
    check = (await client.get(f"/v1/entities/{tolerated}/check", headers=YJGL)).json()
    assert lists["watchlist"]["listed"] is False and check["watchlist"]["listed"] is False


async def watch_warnings(client, uscc: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The risk warnings the 重点关注企业名单 raised (the risk model raises its own)."""
    return [w for w in await events(client.app, "credit.risk.warning.v1", uscc)
            if w["trigger"] == "watchlist"]
