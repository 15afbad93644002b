"""The risk warning model (风险预警模型, CR-11) on the service: each record change assesses
the entity's risk; a rise to the warning level warns departments once
(credit.risk.warning.v1, trigger risk_model); the score explains itself; the daily
re-grade lowers it as records age."""

from __future__ import annotations

from datetime import timedelta

from services.credit_rating.handlers.batch_regrade import regrade_all
from tests.clock import TODAY, days_ago
from tests.integration.credit_rating.conftest import SCJG, YJGL, context_of, events, register


async def general(client, uscc: str, days: int) -> str:  # type: ignore[no-untyped-def]
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
        "kind": "administrative_penalty", "severity": "general", "department": "SCJG",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "decided_on": days_ago(days).isoformat()})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def model_warnings(client, uscc: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [w for w in await events(client.app, "credit.risk.warning.v1", uscc)
            if w["trigger"] == "risk_model"]


async def test_a_rise_to_the_warning_level_warns_once_and_explains_itself(client):
    uscc = await register(client)
    calm = (await client.get(f"/v1/entities/{uscc}/risk", headers=YJGL)).json()
    assert (calm["level"], calm["score"], calm["factors"]) == ("low", 0, [])

    first, second = await general(client, uscc, 60), await general(client, uscc, 40)
    medium = (await client.get(f"/v1/entities/{uscc}/risk", headers=YJGL)).json()
    assert (medium["level"], medium["score"]) == ("medium", 12 + 12 + 8)
    assert await model_warnings(client, uscc) == []

    third = await general(client, uscc, 20)
    [warning] = await model_warnings(client, uscc)
    assert (warning["level"], warning["score"]) == ("high", 36 + 16)
    assert sorted(warning["record_ids"]) == sorted([first, second, third])
    assert warning["model"] == context_of(client.app).rules.risk.model

    await general(client, uscc, 10)  # higher still: no second warning
    risk = (await client.get(f"/v1/entities/{uscc}/risk", headers=YJGL)).json()
    assert (risk["level"], risk["label"], risk["score"]) == ("critical", "高风险", 48 + 24)
    assert risk["score"] == sum(f["points"] for f in risk["factors"])
    assert [f["component"] for f in risk["factors"]] == ["severity"] * 4 + ["frequency"]
    assert len(await model_warnings(client, uscc)) == 1

    await regrade_all(context_of(client.app), TODAY + timedelta(days=3 * 365), actor="daily")
    aged = (await client.get(f"/v1/entities/{uscc}/risk", headers=YJGL)).json()
    assert (aged["level"], aged["score"], aged["factors"]) == ("low", 0, [])
    assert len(await model_warnings(client, uscc)) == 1  # a fall warns nobody


async def test_the_risk_of_an_unknown_entity_is_a_404(client):
    from tests.integration.credit_rating.conftest import fresh_uscc

    missing = await client.get(f"/v1/entities/{fresh_uscc()}/risk", headers=YJGL)
    assert missing.status_code == 404
