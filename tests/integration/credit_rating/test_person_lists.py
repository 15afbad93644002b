"""Joint punishment reaches the people behind a blacklisted entity (CR-5): responsible
persons and legal representatives known only by a keyed hash, and 逢办必查 for a person."""

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
from tests.clock import TODAY
from tests.integration.credit_rating.conftest import (
    REGISTRAR,
    SCJG,
    YJGL,
    blacklist,
    events,
    fresh_uscc,
    register,
    registration,
)

RULES = load_credit_rules(REPO_ROOT / "deploy" / "reference" / "credit_rules.yaml")
LEGAL_REPRESENTATIVE = "欧阳测试人"


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
