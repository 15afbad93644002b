"""四库 (IN-1): the matter list seeded from reference data and edited through the API, the
inspector roster, and an object's inspection history."""

from __future__ import annotations

from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    SCJG,
    STHJ,
    fresh_usccs,
    mirror_objects,
)

NEW_MATTER = {"name": "网络交易平台经营者检查", "department": "SCJG", "category": "online_trade",
              "legal_basis": "《中华人民共和国电子商务法》第六条", "key_area": False}


async def test_the_matter_list_is_the_reference_catalogue_with_the_api_changes(client):  # type: ignore[no-untyped-def]
    before = {m["code"]: m for m in (await client.get("/v1/matters", headers=SCJG)).json()}
    assert before[ORDINARY_SCJG]["source"] == "reference" and not before[ORDINARY_SCJG][
        "key_area"]
    added = await client.put("/v1/matters/SCJG-901", headers=SCJG, json=NEW_MATTER)
    assert added.status_code == 200 and added.json()["source"] == "api"
    changed = await client.put(f"/v1/matters/{ORDINARY_SCJG}", headers=SCJG,
                               json={**NEW_MATTER, "name": before[ORDINARY_SCJG]["name"],
                                     "key_area": True})
    assert changed.json()["key_area"] is True
    foreign = await client.put("/v1/matters/SCJG-902", headers=STHJ, json=NEW_MATTER)
    assert foreign.status_code == 403
    after = {m["code"]: m for m in (await client.get("/v1/matters", headers=SCJG)).json()}
    assert set(after) == set(before) | {"SCJG-901"} and after[ORDINARY_SCJG]["key_area"]
    await client.put(f"/v1/matters/{ORDINARY_SCJG}", headers=SCJG,  # restore for the module
                     json={**NEW_MATTER, "name": before[ORDINARY_SCJG]["name"],
                           "category": before[ORDINARY_SCJG]["category"],
                           "legal_basis": before[ORDINARY_SCJG]["legal_basis"]})


async def test_an_inspector_may_only_hold_listed_matters_of_their_own_department(client):  # type: ignore[no-untyped-def]
    body = {"inspector_id": "SCJG-X1", "department": "SCJG", "certificate": "37000001",
            "matters": ["NOPE-404"], "region": "370200"}
    unknown = await client.post("/v1/inspectors", headers=SCJG, json=body)
    assert unknown.status_code == 422 and "NOPE-404" in unknown.json()["detail"]
    other = await client.post("/v1/inspectors", headers=STHJ,
                              json={**body, "matters": [ORDINARY_SCJG]})
    assert other.status_code == 403
    conflict = await client.post("/v1/inspectors/NOBODY/conflicts", headers=SCJG,
                                 json={"uscc": fresh_usccs(1)[0], "reason": "亲属"})
    assert conflict.status_code == 404


async def test_an_object_shows_its_grade_and_this_years_inspections(client):  # type: ignore[no-untyped-def]
    uscc = (await mirror_objects(client.app, ["C"]))[0]
    seen = (await client.get(f"/v1/objects/{uscc}", headers=SCJG)).json()
    assert (seen["grade"], seen["registered"], seen["inspections"]) == ("C", True, [])
    missing = await client.get(f"/v1/objects/{fresh_usccs(1)[0]}", headers=SCJG)
    assert missing.status_code == 404
