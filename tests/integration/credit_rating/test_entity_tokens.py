"""Market entities act for themselves (issue 16.7): an entity's own token applies for the
repair of its record, objects to its record and fetches its own credit report (JSON and
HTML); every other route refuses it (403), and it never acts for another USCC."""

from __future__ import annotations

import re

from shared.auth import TokenIssuer
from shared.settings import ServiceSettings
from shared.tokens import ENTITY_DEPT
from tests.clock import days_ago
from tests.integration.credit_rating.conftest import SCJG, SCJG_REVIEWER, events, register

ALLOWED = {("POST", "/v1/repairs"), ("POST", "/v1/objections"),
           ("GET", "/v1/entities/{uscc}/report"), ("GET", "/v1/entities/{uscc}/report.html")}


def entity(uscc: str) -> dict[str, str]:
    token = TokenIssuer.from_settings(ServiceSettings()).issue(ENTITY_DEPT, uscc=uscc)
    return {"Authorization": f"Bearer {token}"}


async def minor_record(client, uscc: str) -> str:  # type: ignore[no-untyped-def]
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
        "kind": "administrative_penalty", "severity": "minor", "department": "SCJG",
        "legal_basis": "《中华人民共和国广告法》第九条", "decided_on": days_ago(3).isoformat()})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def repair(record_id: str) -> dict[str, object]:
    return {"record_id": record_id, "obligations_fulfilled": True, "obligations": "已整改",
            "public_commitment": "本单位承诺今后严格遵守法律法规, 诚信经营"}


async def test_an_entity_repairs_objects_and_reads_its_own_report(client):
    uscc = await register(client)
    repaired, disputed = await minor_record(client, uscc), await minor_record(client, uscc)
    mine = entity(uscc)

    applied = await client.post("/v1/repairs", headers=mine, json=repair(repaired))
    filed = await client.post("/v1/objections", headers=mine, json={
        "record_id": disputed, "reason": "处罚决定已被行政复议撤销"})
    report = await client.get(f"/v1/entities/{uscc}/report", headers=mine)
    page = await client.get(f"/v1/entities/{uscc}/report.html", headers=mine)

    assert applied.status_code == 201, applied.text
    assert filed.status_code == 201, filed.text
    assert report.status_code == 200 and report.json()["entity"]["uscc"] == uscc
    assert page.status_code == 200 and uscc in page.text
    [applied_event] = await events(client.app, "credit.repair.applied.v1", uscc)
    assert applied_event["record_id"] == repaired
    decided = await client.post(f"/v1/repairs/{applied.json()['id']}:decide",
                                headers=SCJG_REVIEWER, json={"approve": True})
    assert decided.status_code == 200, decided.text  # the department still decides


async def test_an_entity_never_acts_for_another(client):
    uscc, other = await register(client), await register(client)
    theirs = await minor_record(client, other)
    mine = entity(uscc)

    answers = [
        await client.post("/v1/repairs", headers=mine, json=repair(theirs)),
        await client.post("/v1/objections", headers=mine, json={
            "record_id": theirs, "reason": "处罚决定已被行政复议撤销"}),
        await client.get(f"/v1/entities/{other}/report", headers=mine),
        await client.get(f"/v1/entities/{other}/report.html", headers=mine),
    ]
    assert [a.status_code for a in answers] == [403] * 4, [a.text for a in answers]
    assert all(a.json()["type"].endswith("/not-your-entity") for a in answers)
    assert other in answers[0].json()["detail"]
    assert await events(client.app, "credit.repair.applied.v1", other) == []
    assert await events(client.app, "credit.objection.filed.v1", other) == []
    records = (await client.get(f"/v1/entities/{other}/records", headers=SCJG)).json()
    assert [r["status"] for r in records] == ["active"]


async def test_every_other_route_refuses_an_entity_token(client):
    uscc = await register(client)
    mine = entity(uscc)
    calls = []
    for template, operations in client.app.openapi()["paths"].items():
        for method in (m.upper() for m in operations):
            if not template.startswith("/v1/") or (method, template) in ALLOWED:
                continue
            path = re.sub(r"\{[a-z_]+\}", "id-1", template.replace("{uscc}", uscc))
            calls.append((method, path))
    assert len(calls) > 25 and ("GET", f"/v1/entities/{uscc}/check") in calls
    for method, path in [*calls, ("GET", f"/v1/entities/{uscc}/check")]:  # twice: lane
        answer = await client.request(method, path, headers=mine,
                                      json={} if method in ("POST", "PUT") else None)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["type"].endswith("/entity-not-allowed")


async def test_a_department_token_with_the_entity_role_is_not_accepted(client):
    """The entity role belongs to an entity's own token only; a department cannot give
    itself the entity's rights, nor an entity a department's."""
    import jwt

    settings = ServiceSettings()
    forged = TokenIssuer.from_settings(settings).issue("SCJG", ["officer"])
    claims = jwt.decode(forged, options={"verify_signature": False})
    claims["roles"] = ["officer", "entity"]
    mixed = jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
    answer = await client.post("/v1/repairs", headers={"Authorization": f"Bearer {mixed}"},
                               json=repair("r-1"))
    assert answer.status_code == 401 and "uscc" in answer.json()["detail"]
