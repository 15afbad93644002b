"""逢办必查 covers the people behind (CR-5, issue 16.9): the check of an entity flags it when
its legal representative or a responsible person stands behind a blacklisted entity,
matched by the keyed hash of the ID number, never by name (namesakes do not collide)."""

from __future__ import annotations

import hashlib
import hmac

from services.credit_rating.config import Settings
from services.credit_rating.domain.persons import check_character
from tests.integration.credit_rating.conftest import (
    REGISTRAR,
    SCJG,
    YJGL,
    blacklist,
    events,
    register,
)


def id_number(first17: str) -> str:
    return first17 + check_character(first17)


PERSON = id_number("37021119800101001")  # behind the blacklisted entity and another
NAMESAKE = id_number("37021119750505002")  # another 张三


async def ids(client, uscc: str, **body: object) -> None:  # type: ignore[no-untyped-def]
    answer = await client.put(f"/v1/entities/{uscc}/person-ids", json=body, headers=REGISTRAR)
    assert answer.status_code == 200, answer.text


async def persons(client, uscc: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """The check's persons part, by the route and then by the fast lane (the same)."""
    answers = [(await client.get(f"/v1/entities/{uscc}/check", headers=YJGL,
                                 params={"matter": "hazardous_chemicals"})).json()["persons"]
               for _ in range(2)]
    assert answers[0] == answers[1]
    return answers[0]


async def test_a_person_behind_a_blacklisted_entity_flags_the_other_one(client):
    listed, behind, namesake = [await register(client) for _ in range(3)]  # all 张三
    await ids(client, listed, legal_representative=PERSON)
    await ids(client, behind, responsible_persons=[PERSON.lower()[:-1] + PERSON[-1].lower()])
    await ids(client, namesake, legal_representative=NAMESAKE)
    assert (await persons(client, behind))["flagged"] is False  # nobody is listed yet

    await blacklist(client, listed)

    flagged = await persons(client, behind)
    assert flagged["flagged"] is True
    assert [(e["uscc"], e["role_here"], e["role_there"]) for e in flagged["entities"]] == [
        (listed, "responsible_person", "legal_representative")]
    assert [m["code"] for m in flagged["measures"]] == ["LHCJ-07"]  # YJGL's, for persons
    assert (await persons(client, namesake))["flagged"] is False, "a namesake was flagged"
    assert (await persons(client, listed))["flagged"] is False  # itself is no other entity
    own = (await client.get(f"/v1/entities/{listed}/check", headers=YJGL)).json()
    assert own["blacklist"]["listed"] is True

    [change] = await events(client.app, "credit.blacklist.changed.v1", listed)
    key = Settings().person_hash_key.encode()
    assert change["person_id_hashes"] == [
        hmac.new(key, PERSON.encode(), hashlib.sha256).hexdigest()]
    assert PERSON not in str(change)
    by_number = await client.post("/v1/persons:check", headers=YJGL, json={"person": PERSON})
    assert [(e["uscc"], e["role"]) for e in by_number.json()["entities"]] == [
        (listed, "legal_representative")]


async def test_id_numbers_are_checked_and_only_a_registrar_sets_them(client):
    uscc = await register(client)
    wrong_check = PERSON[:-1] + ("0" if PERSON[-1] != "0" else "1")
    for bad, words in ((wrong_check, "check character"), ("370211198013010011", "birth"),
                       ("37021119800101001", "18 ASCII"), ("３７０２１１１９８００１０１００１X",
                                                           "18 ASCII")):
        answer = await client.put(f"/v1/entities/{uscc}/person-ids", headers=REGISTRAR,
                                  json={"legal_representative": bad})
        assert answer.status_code == 422, (bad, answer.text)
        [error] = answer.json()["errors"]
        assert error["field"] == "body.legal_representative" and words in error["message"]
    officer = await client.put(f"/v1/entities/{uscc}/person-ids", headers=SCJG,
                               json={"legal_representative": PERSON})
    assert officer.status_code == 403 and "'registrar'" in officer.json()["detail"]
    stored = await client.put(f"/v1/entities/{uscc}/person-ids", headers=REGISTRAR,
                              json={"legal_representative": PERSON,
                                    "responsible_persons": [NAMESAKE]})
    assert stored.json() == {"uscc": uscc, "legal_representative": True,
                             "responsible_persons": 1}
    assert PERSON not in stored.text
