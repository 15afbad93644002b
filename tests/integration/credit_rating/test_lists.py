"""Blacklist and joint punishment (CR-5), watchlist and risk warning (CR-7, CR-11); the
people behind a blacklisted entity are in ``test_person_lists``."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

from services.credit_rating.config import Settings
from tests import clock
from tests.clock import TODAY
from tests.integration.credit_rating.conftest import (
    NO_ROLE,
    SCJG,
    YJGL,
    blacklist,
    confirm_listing,
    context_of,
    events,
    fresh_uscc,
    listing_proposals,
    register,
)

LEGAL_REPRESENTATIVE = "欧阳测试人"


def days_ago(days: int) -> str:
    return clock.days_ago(days).isoformat()


def penalty(severity: str, decided_on: str) -> dict[str, object]:
    return {"kind": "administrative_penalty", "severity": severity, "department": "SCJG",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "decided_on": decided_on}


async def add(client, uscc: str, severity: str, decided_on: str) -> str:  # type: ignore[no-untyped-def]
    answer = await client.post(f"/v1/entities/{uscc}/records",
                               json=penalty(severity, decided_on), headers=SCJG)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def blacklisted(client) -> list[str]:  # type: ignore[no-untyped-def]
    """Every USCC on the blacklist, page by page."""
    found: list[str] = []
    params: dict[str, object] = {"limit": 1}
    while True:
        page = await client.get("/v1/blacklist", params=params, headers=YJGL)
        assert page.status_code == 200, page.text
        found += [item["uscc"] for item in page.json()["items"]]
        if page.json()["next_after"] is None:
            return found
        params["after"] = page.json()["next_after"]


async def test_a_listing_names_the_entitys_person_only_by_hash(client):
    uscc = await register(client, legal_representative=LEGAL_REPRESENTATIVE)

    first = await blacklist(client, uscc)
    second = await add(client, uscc, "serious", days_ago(15))
    [proposal] = await listing_proposals(client, uscc)
    confirmed = await confirm_listing(client, proposal, notified_on=clock.days_ago(15))
    assert confirmed.status_code == 200, confirmed.text

    changes = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert [(c["listed"], c["record_ids"]) for c in changes] == [
        (True, [first]), (True, [first, second])]  # listed, then one more record behind it
    change = changes[0]
    assert "LHCJ-01" in change["measures"] and "LHCJ-03" in change["measures"]
    key = Settings().person_hash_key.encode()
    assert change["legal_representative_hash"] == hmac.new(
        key, LEGAL_REPRESENTATIVE.encode(), hashlib.sha256).hexdigest()
    for name in ("credit.blacklist.changed.v1", "credit.record.added.v1",
                 "credit.grade.changed.v1", "credit.entity.upserted.v1"):
        for data in await events(client.app, name, uscc):
            assert LEGAL_REPRESENTATIVE not in json.dumps(data, ensure_ascii=False)

    check = (await client.get(f"/v1/entities/{uscc}/check", headers=SCJG)).json()
    assert check["grade"] == "D" and check["blacklist"]["listed"] is True
    assert check["blacklist"]["record_ids"] == [first, second]
    assert {m["code"] for m in check["measures"]} == {"LHCJ-03", "LHCJ-04", "LHCJ-05", "LHCJ-06"}

    lists = (await client.get(f"/v1/entities/{uscc}/lists", headers=YJGL)).json()
    assert lists["blacklist"]["listed"] is True
    assert lists["blacklist"]["listed_since"] == TODAY.isoformat()  # China's day, at any hour
    assert lists["watchlist"]["listed"] is False
    assert uscc in await blacklisted(client)


async def test_a_clean_entity_is_on_no_list(client):
    uscc = await register(client)
    lists = await client.get(f"/v1/entities/{uscc}/lists", headers=YJGL)
    assert lists.status_code == 200, lists.text
    body = lists.json()
    assert (body["blacklist"]["listed"], body["watchlist"]["listed"]) == (False, False)
    assert uscc not in await blacklisted(client)
    assert await events(client.app, "credit.blacklist.changed.v1", uscc) == []
    check = (await client.get(f"/v1/entities/{uscc}/check", headers=YJGL)).json()
    assert (check["blacklist"]["listed"], check["watchlist"]["listed"]) == (False, False)
    missing = await client.get(f"/v1/entities/{fresh_uscc()}/lists", headers=YJGL)
    assert missing.status_code == 404, missing.text


async def test_a_due_reminder_waits_for_the_interview_and_only_later_violations_count(
        client):
    """CR-7: three violations make a 提醒约谈 due; it is an act a department records, and
    only violations after it put the entity on the 重点关注企业名单."""
    uscc = await register(client)
    counted = [await add(client, uscc, severity, days_ago(days))
               for severity, days in (("minor", 40), ("general", 30), ("minor", 20))]
    [due] = await events(client.app, "credit.reminder.issued.v1", uscc)
    assert (due["record_ids"], due["issued_on"]) == (counted, days_ago(20))

    await add(client, uscc, "minor", days_ago(15))  # no interview yet: it does not count
    watch = (await client.get(f"/v1/entities/{uscc}/lists", headers=YJGL)).json()["watchlist"]
    assert (watch["listed"], watch["reminder_due_on"], watch["reminder_issued_on"]) == (
        False, days_ago(20), None)
    assert await watch_warnings(client, uscc) == []
    assert len(await events(client.app, "credit.reminder.issued.v1", uscc)) == 1

    held = {"department": "SCJG", "held_on": days_ago(12), "note": "约谈法定代表人"}
    refusals = [
        await client.post(f"/v1/entities/{uscc}/reminders", json=held, headers=YJGL),
        await client.post(f"/v1/entities/{uscc}/reminders", json=held, headers=NO_ROLE),
        await client.post(f"/v1/entities/{uscc}/reminders", headers=SCJG,
                          json={**held, "held_on": days_ago(21)}),
        await client.post(f"/v1/entities/{uscc}/reminders", headers=SCJG,
                          json={**held, "held_on": days_ago(-1)}),
    ]
    assert [r.status_code for r in refusals] == [403, 403, 422, 422], [r.text for r in refusals]
    assert refusals[0].json()["type"].endswith("/not-your-department")
    assert "'officer'" in refusals[1].json()["detail"]
    assert refusals[2].json()["errors"][0]["field"] == "body.held_on"
    recorded = await client.post(f"/v1/entities/{uscc}/reminders", json=held, headers=SCJG)
    assert recorded.status_code == 201, recorded.text
    [announced] = await events(client.app, "credit.reminder.held.v1", uscc)
    assert (announced["department"], announced["held_on"]) == ("SCJG", days_ago(12))

    await add(client, uscc, "minor", days_ago(13))  # decided before the interview
    assert await watch_warnings(client, uscc) == []
    further = await add(client, uscc, "minor", days_ago(10))
    await add(client, uscc, "minor", days_ago(8))  # still on the list: no second warning

    warnings = await watch_warnings(client, uscc)
    assert len(warnings) == 1 and warnings[0]["record_ids"] == [further]
    assert "重点关注" in warnings[0]["reason"]
    watch = (await client.get(f"/v1/entities/{uscc}/lists", headers=YJGL)).json()["watchlist"]
    assert (watch["listed"], watch["reminder_issued_on"], watch["reminder_due_on"]) == (
        True, days_ago(12), None)
    for _ in range(2):  # the route (a token seen first), then the fast lane
        check = await client.get(f"/v1/entities/{uscc}/check", headers=YJGL)
        assert check.status_code == 200, check.text
        assert check.json()["watchlist"] == {"listed": True, "reason": watch["reason"],
                                             "record_ids": watch["record_ids"]}
    again = await client.post(f"/v1/entities/{uscc}/reminders", json=held, headers=SCJG)
    assert again.status_code == 409 and again.json()["type"].endswith("/no-reminder-due")
    listed = (await client.get(f"/v1/entities/{uscc}/reminders", headers=YJGL)).json()
    assert [(r["department"], r["held_on"], r["record_ids"]) for r in listed] == [
        ("SCJG", days_ago(12), [*counted, listed[0]["record_ids"][-1]])]
    assert await events(client.app, "credit.blacklist.changed.v1", uscc) == []


async def test_a_lapsed_listing_is_not_reported_and_the_daily_regrade_announces_it(client):
    from services.credit_rating.handlers.batch_regrade import regrade_all
    from services.credit_rating.handlers.check import check_entity

    uscc = await register(client, legal_representative=LEGAL_REPRESENTATIVE)
    await blacklist(client, uscc)
    app = client.app
    ctx = context_of(app)
    later = TODAY + timedelta(days=4 * 366)  # past the 3-year maximum publicity

    now = await check_entity(ctx, uscc, department="XZSP", matter=None, as_of=TODAY)
    then = await check_entity(ctx, uscc, department="XZSP", matter=None, as_of=later)
    assert now.blacklist.listed and now.grade == "D" and now.measures
    assert not then.blacklist.listed, "a lapsed listing was still reported"
    assert then.grade != "D" and then.measures == []

    await regrade_all(ctx, later, actor="daily")
    changes = await events(app, "credit.blacklist.changed.v1", uscc)
    assert [c["listed"] for c in changes] == [True, False]
    grades = await events(app, "credit.grade.changed.v1", uscc)
    assert grades[-1]["old_grade"] == "D" and grades[-1]["new_grade"] != "D"


async def watch_warnings(client, uscc: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The risk warnings the 重点关注企业名单 raised (the risk model raises its own)."""
    return [w for w in await events(client.app, "credit.risk.warning.v1", uscc)
            if w["trigger"] == "watchlist"]
