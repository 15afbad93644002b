"""Blacklist and joint punishment (CR-5), watchlist and risk warning (CR-7, CR-11)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date, timedelta

from services.credit_rating.config import Settings
from services.credit_rating.domain.periods import add_years
from services.credit_rating.domain.rules import load_credit_rules
from services.credit_rating.handlers.person_check import check_person
from shared.settings import REPO_ROOT
from tests import clock
from tests.clock import TODAY
from tests.integration.credit_rating.conftest import (
    NO_ROLE,
    REGISTRAR,
    SCJG,
    YJGL,
    blacklist,
    confirm_listing,
    context_of,
    events,
    fresh_uscc,
    listing_proposals,
    register,
    registration,
)

LEGAL_REPRESENTATIVE = "欧阳测试人"


RULES = load_credit_rules(REPO_ROOT / "deploy" / "reference" / "credit_rules.yaml")


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


async def test_joint_punishment_extends_to_responsible_persons_known_only_by_hash(client):
    uscc = await register(client, legal_representative=LEGAL_REPRESENTATIVE)
    persons = ["李负责", "370211198001011234"]
    refused = await client.put(f"/v1/entities/{uscc}/responsible-persons",
                               json={"persons": persons}, headers=SCJG)
    answer = await client.put(f"/v1/entities/{uscc}/responsible-persons",
                              json={"persons": persons}, headers=REGISTRAR)
    assert refused.status_code == 403 and "'registrar'" in refused.json()["detail"]
    assert answer.status_code == 200 and answer.json() == {"uscc": uscc, "persons": 2}
    assert "李负责" not in answer.text

    await blacklist(client, uscc)
    await client.put(f"/v1/entities/{uscc}/responsible-persons",  # one leaves the post
                     json={"persons": persons[:1]}, headers=REGISTRAR)

    key = Settings().person_hash_key.encode()

    def hashed(person: str) -> str:
        return hmac.new(key, person.encode(), hashlib.sha256).hexdigest()

    listed, changed = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert listed["responsible_person_hashes"] == sorted(hashed(p) for p in persons)
    assert changed["responsible_person_hashes"] == [hashed(persons[0])]
    assert listed["person_measures"] and set(listed["person_measures"]) < set(
        listed["measures"])
    for data in (listed, changed):
        assert not any(p in json.dumps(data, ensure_ascii=False) for p in persons)


async def test_a_new_legal_representative_of_a_blacklisted_entity_is_announced(client):
    uscc, unlisted = fresh_uscc(), fresh_uscc()
    for code in (uscc, unlisted):
        await register(client, uscc=code, name=f"代表人测试{code[-4:]}有限公司")
    record_id = await blacklist(client, uscc)

    async def upsert(code: str, **changes: str) -> None:
        answer = await client.post("/v1/entities", headers=REGISTRAR, json=registration(
            code, name=f"代表人测试{code[-4:]}有限公司", **changes))
        assert answer.status_code == 200, answer.text

    await upsert(uscc, legal_representative="李四")
    await upsert(uscc, legal_representative="李四", registered_address="青岛市崂山区 9 号")
    await upsert(unlisted, legal_representative="李四")

    key = Settings().person_hash_key.encode()
    listed, changed = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert listed["legal_representative_hash"] == hmac.new(
        key, "张三".encode(), hashlib.sha256).hexdigest()
    assert changed["legal_representative_hash"] == hmac.new(
        key, "李四".encode(), hashlib.sha256).hexdigest()
    assert (changed["listed"], changed["record_ids"]) == (True, [record_id])
    assert changed["measures"] == listed["measures"]
    assert "李四" not in json.dumps(changed, ensure_ascii=False)
    assert await events(client.app, "credit.blacklist.changed.v1", unlisted) == []


async def test_a_department_checks_a_person_behind_a_blacklisted_entity(client):
    uscc = await register(client, legal_representative="司马核查")
    await client.put(f"/v1/entities/{uscc}/responsible-persons", headers=REGISTRAR,
                     json={"persons": ["诸葛负责"]})
    clean = await client.post("/v1/persons:check", headers=YJGL, json={"person": "司马核查"})
    assert clean.status_code == 200 and clean.json()["listed"] is False
    await blacklist(client, uscc)

    answers = {person: (await client.post("/v1/persons:check", headers=YJGL, json={
        "person": person, "matter": "hazardous_chemicals"})).json()
        for person in ("司马核查", " 诸葛负责 ", "路人甲")}

    legal, responsible, stranger = answers.values()
    assert [(e["uscc"], e["role"]) for e in legal["entities"]] == [
        (uscc, "legal_representative")]
    assert [(e["uscc"], e["role"]) for e in responsible["entities"]] == [
        (uscc, "responsible_person")]
    assert legal["listed"] and legal["measures"]
    assert all(m["applies_to_persons"] for m in legal["measures"])
    assert stranger == {"listed": False, "entities": [], "department": "YJGL",
                        "matter": "hazardous_chemicals", "measures": []}
    bad = await client.post("/v1/persons:check", headers=YJGL, json={"person": "x"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.person"


async def test_a_person_check_is_assessed_on_the_day_asked(client):
    """Time alone lists (three years on the 经营异常名录) and delists (the publicity of the
    records behind a listing ends), before the daily re-grade has stored either."""
    recorded = await register(client, legal_representative="欧阳按日")
    abnormal = await register(client, legal_representative="欧阳按日")
    await blacklist(client, recorded)
    three_years_on = add_years(TODAY, 3) - timedelta(days=30)  # listed_on + 3 years
    answer = await client.post(f"/v1/entities/{abnormal}/abnormal-listings", headers=SCJG,
                               json={"department": "SCJG", "reason": "通过登记的住所无法联系",
                                     "listed_on": add_years(three_years_on, -3).isoformat()})
    assert answer.status_code == 201, answer.text

    async def behind(as_of: date) -> list[str]:
        async with client.app.state.db.reader() as session:
            found = await check_person(session, RULES, "欧阳按日", department="YJGL",
                                       matter=None, person_key=b"k", as_of=as_of)
        return [listing.uscc for listing in found.listings]

    assert await behind(TODAY) == [recorded]
    assert await behind(three_years_on) == sorted([recorded, abnormal])
    assert await behind(add_years(TODAY, 10)) == [abnormal]


async def watch_warnings(client, uscc: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The risk warnings the 重点关注企业名单 raised (the risk model raises its own)."""
    return [w for w in await events(client.app, "credit.risk.warning.v1", uscc)
            if w["trigger"] == "watchlist"]
