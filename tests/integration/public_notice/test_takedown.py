"""Notices leave public view when they must: a repaired record, a revoked decision (within
5 WD), a delisting, the end of the period; each take-down audited and announced."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from services.public_notice.domain.periods import add_months
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.credit_lists import BlacklistChanged
from shared.contracts.credit_repair import ObjectionDecided, RecordRepaired
from shared.platform_tables import audit_log
from shared.workdays import add_workdays
from tests.clock import TODAY, days_ago
from tests.integration.public_notice.conftest import (
    SCJG_OFFICER,
    STHJ_OFFICER,
    bearer,
    context_of,
    events,
    notices_of,
    penalty,
    register,
    send,
)


async def published(client, uscc: str) -> list[dict]:  # type: ignore[no-untyped-def]
    answer = await client.get(f"/v1/entities/{uscc}/public")
    return answer.json()["notices"] if answer.status_code == 200 else []


async def withdrawals(app, notice_id: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return await events(app, "notice.withdrawn.v1", notice_id)


async def test_a_repaired_record_is_gone_from_the_page_and_the_query(app, client):
    uscc = await register(app)
    record = penalty(uscc, department="STHJ", fine="80000")
    await send(app, record)
    [notice] = await published(client, uscc)
    await send(app, RecordRepaired(record_id=record.record_id, uscc=uscc, department="STHJ",
                                   repair_id="RP-1", repaired_on=TODAY))
    assert await published(client, uscc) == []
    assert "行政处罚决定" not in (await client.get(f"/entities/{uscc}")).text
    assert (await client.get(f"/v1/notices/{notice['id']}")).status_code == 404
    assert (await client.get(notice["path"])).status_code == 404
    assert [w["reason"] for w in await withdrawals(app, notice["id"])] == ["repaired"]


async def test_a_decision_revoked_on_objection_comes_down_within_five_working_days(app, client):
    uscc = await register(app)
    record = penalty(uscc, fine="5000")
    await send(app, record)
    [notice] = await published(client, uscc)
    revoked_on = days_ago(1)
    await send(app, ObjectionDecided(
        objection_id="OB-1", record_id=record.record_id, uscc=uscc, department="SCJG",
        outcome="removed", decided_on=revoked_on, record_status="removed",
        severity="general", published=False, publicity_end=None))
    assert await published(client, uscc) == []
    [withdrawn] = await withdrawals(app, notice["id"])
    due = add_workdays(revoked_on, 5)
    assert (withdrawn["reason"], withdrawn["due_on"]) == ("revoked", due.isoformat())
    assert TODAY.isoformat() == withdrawn["withdrawn_on"] <= withdrawn["due_on"]
    context_of(app).clock.advance(timedelta(days=8))  # past the 5 WD: still down
    assert await published(client, uscc) == []


async def test_a_case_concluded_again_without_a_penalty_revokes_its_notice(app, client):
    uscc = await register(app)
    concluded = CaseConcluded(case_id=f"CASE-{uscc[-6:]}", uscc=uscc, department="SCJG",
                              decision=CaseDecision.PENALTY, severity="general",
                              decided_on=days_ago(9), legal_basis="《广告法》第五十八条")
    await send(app, concluded, "case")
    assert len(await published(client, uscc)) == 1
    await send(app, concluded.model_copy(update={"decision": CaseDecision.DISMISSED,
                                                 "decided_on": days_ago(8)}), "case")
    assert await published(client, uscc) == []
    [notice] = await notices_of(app, uscc)
    assert (notice.withdrawal_reason, notice.takedown_due) == ("revoked",
                                                               add_workdays(days_ago(8), 5))
    async with context_of(app).database.reader() as session:
        [detail] = (await session.scalars(select(audit_log.c.detail).where(
            audit_log.c.subject == notice.id, audit_log.c.action == "notice.withdrawn"))).all()
    late = TODAY > add_workdays(days_ago(8), 5)
    assert f'"late":{"true" if late else "false"}' in detail


async def test_the_publishing_department_withdraws_its_own_notice_and_no_other(app, client):
    uscc = await register(app)
    await send(app, penalty(uscc, fine="5000"))
    [notice] = await published(client, uscc)
    url = f"/v1/notices/{notice['id']}:withdraw"
    body = {"reason": "revoked", "revoked_on": days_ago(1).isoformat()}
    assert (await client.post(url, json=body, headers=STHJ_OFFICER)).status_code == 403
    no_role = await client.post(url, json=body, headers=bearer("SCJG"))
    assert no_role.status_code == 403 and "officer" in no_role.json()["detail"]
    assert (await client.post(url, json=body)).status_code == 401
    future = {"reason": "revoked", "revoked_on": (TODAY + timedelta(days=1)).isoformat()}
    assert (await client.post(url, json=future, headers=SCJG_OFFICER)).status_code == 422
    assert len(await published(client, uscc)) == 1  # refused calls changed nothing
    done = await client.post(url, json=body, headers=SCJG_OFFICER)
    assert done.status_code == 200, done.text
    assert done.json()["due_on"] == add_workdays(days_ago(1), 5).isoformat()
    assert await published(client, uscc) == []
    again = await client.post(url, json=body, headers=SCJG_OFFICER)
    assert again.status_code == 409
    missing = await client.post("/v1/notices/0193a1c2-5d3e-7f10-8a2b-3c4d5e6f7a8b:withdraw",
                                json=body, headers=SCJG_OFFICER)
    assert missing.status_code == 404


async def test_a_notice_leaves_public_view_the_day_its_period_ends(app, client):
    uscc = await register(app)
    await send(app, penalty(uscc, kind="public_criticism"))  # SAMR: 3 months
    [notice] = await published(client, uscc)
    assert notice["public_until"] == (add_months(TODAY, 3) - timedelta(days=1)).isoformat()
    clock = context_of(app).clock
    clock.advance(add_months(TODAY, 3) - TODAY - timedelta(days=1))
    assert len(await published(client, uscc)) == 1  # its last day
    clock.advance(timedelta(days=1))
    assert await published(client, uscc) == []  # gone before any sweep
    operator = bearer("SCJG", "operator")
    assert (await client.post("/v1/notices:expire", headers=SCJG_OFFICER)).status_code == 403
    swept = await client.post("/v1/notices:expire", headers=operator)
    assert swept.status_code == 200 and swept.json()["withdrawn"] >= 1
    assert [w["reason"] for w in await withdrawals(app, notice["id"])] == ["period_ended"]


async def test_the_blacklist_notice_stays_while_listed(app, client):
    uscc = await register(app)
    listed = BlacklistChanged(uscc=uscc, listed=True, reason="严重失信记录（行政处罚）",
                              record_ids=[], measures=["LHCJ-01"],
                              legal_representative_hash=None,
                              changed_at=context_of(app).clock.now())
    await send(app, listed)
    await send(app, listed)  # listed again: still one notice
    profile = (await client.get(f"/v1/entities/{uscc}/public")).json()
    assert profile["blacklisted"] and len(profile["notices"]) == 1
    assert profile["notices"][0]["public_until"] is None
    await send(app, listed.model_copy(update={"listed": False}))
    profile = (await client.get(f"/v1/entities/{uscc}/public")).json()
    assert not profile["blacklisted"] and profile["notices"] == []
