"""The entity registry through the API (CR-1): upsert, read, bad input, roles."""

from __future__ import annotations

import base64
import logging

import pytest

from tests.integration.credit_rating.conftest import (
    REGISTRAR,
    SCJG,
    YJGL,
    events,
    fresh_uscc,
    make_app,
    registration,
    serving,
)

PROBLEM = "application/problem+json"


async def test_an_entity_is_registered_read_and_announced_only_when_it_changes(client):
    uscc = fresh_uscc()
    body = registration(uscc, new_economy=True, established_on="2025-06-01",
                        tolerance_until="2027-12-31")

    created = await client.post("/v1/entities", json=body, headers=REGISTRAR)
    again = await client.post("/v1/entities", json=body, headers=REGISTRAR)
    read = await client.get(f"/v1/entities/{uscc.lower()}", headers=YJGL)

    assert created.status_code == 201 and again.status_code == 200
    assert read.status_code == 200
    assert read.json()["name"] == body["name"] and read.json()["tolerance_until"] == "2027-12-31"
    announced = await events(client.app, "credit.entity.upserted.v1", uscc)
    assert len(announced) == 1  # the unchanged second upsert said nothing
    assert announced[0]["new_economy"] is True
    assert "legal_representative" not in announced[0] and "张三" not in str(announced[0])
    first_grade = await events(client.app, "credit.grade.changed.v1", uscc)
    assert [(g["old_grade"], g["new_grade"]) for g in first_grade] == [(None, "A")]

    renamed = await client.post("/v1/entities", json={**body, "name": "新名称有限公司"},
                                headers=REGISTRAR)
    assert renamed.status_code == 200 and renamed.json()["name"] == "新名称有限公司"
    announced = await events(client.app, "credit.entity.upserted.v1", uscc)
    assert [e["name"] for e in announced][-1] == "新名称有限公司" and len(announced) == 2


async def test_a_bad_uscc_is_a_422_naming_the_field_and_the_check_character(client):
    good = fresh_uscc()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")

    posted = await client.post("/v1/entities", json=registration(wrong), headers=REGISTRAR)
    read = await client.get(f"/v1/entities/{wrong}", headers=SCJG)

    assert posted.status_code == 422 and posted.headers["content-type"] == PROBLEM
    assert posted.json()["errors"][0]["field"] == "body.uscc"
    assert f"expected '{good[17]}'" in posted.json()["detail"]
    assert read.status_code == 422 and read.json()["errors"][0]["field"] == "path.uscc"
    assert f"expected '{good[17]}'" in read.json()["detail"]


async def test_a_tolerance_period_outside_one_to_three_years_is_a_422_naming_the_bounds(
        client):
    uscc = fresh_uscc()
    for until in ("2044-01-01", "2025-09-01"):  # 19 years; 3 months
        refused = await client.post("/v1/entities", headers=REGISTRAR, json=registration(
            uscc, new_economy=True, established_on="2025-06-01", tolerance_until=until))
        assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
        assert refused.json()["errors"][0]["field"] == "body.tolerance_until"
        assert "between 2026-06-01 and 2028-06-01" in refused.json()["detail"]
    assert (await client.get(f"/v1/entities/{uscc}", headers=YJGL)).status_code == 404
    assert await events(client.app, "credit.entity.upserted.v1", uscc) == []


async def test_registering_needs_the_registrar_role_and_reading_a_token(client):
    uscc = fresh_uscc()
    refused = await client.post("/v1/entities", json=registration(uscc), headers=SCJG)
    anonymous = await client.get(f"/v1/entities/{uscc}")
    assert refused.status_code == 403 and "registrar" in refused.json()["detail"]
    assert anonymous.status_code == 401


async def test_an_unknown_entity_is_a_404_problem(client):
    uscc = fresh_uscc()
    for path in ("", "/records", "/grade", "/check"):
        answer = await client.get(f"/v1/entities/{uscc}{path}", headers=SCJG)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["type"].endswith("/entity-not-found")
        assert uscc in answer.json()["detail"]


async def test_the_service_warns_when_it_runs_on_the_public_development_secrets(
        database, caplog):
    caplog.set_level(logging.WARNING, logger="shared.web.service_app")
    async with serving(make_app(database)):
        pass
    own_signing_key = base64.b64encode(b"r" * 32).decode()
    async with serving(make_app(database, person_hash_key="k" * 40, jwt_secret="s" * 40,
                                audit_key="a" * 40, report_signing_key=own_signing_key)):
        pass

    warnings = [r for r in caplog.records if "development secrets" in r.getMessage()]
    assert len(warnings) == 1  # the second app has its own secrets
    assert "CREDIT_RATING_PERSON_HASH_KEY" in warnings[0].getMessage()
    assert "JIANGUAN_JWT_SECRET" in warnings[0].getMessage()
    assert "jianguan-dev" not in warnings[0].getMessage()  # names the variables, not values


@pytest.mark.parametrize(("field", "value"), [
    ("established_on", "0001-01-01"), ("established_on", "9999-12-31"),
    ("established_on", 0), ("established_on", 20200102), ("tolerance_until", "0001-01-01"),
    ("new_economy", 0), ("new_economy", "yes"), ("name", "x" * 201), ("region", 370211)])
async def test_an_extreme_or_mistyped_field_is_a_422_naming_it(client, field, value):
    uscc = fresh_uscc()
    body = registration(uscc, **{field: value})
    if field == "tolerance_until":
        body["new_economy"] = True
    answer = await client.post("/v1/entities", json=body, headers=REGISTRAR)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == f"body.{field}"
    assert (await client.get(f"/v1/entities/{uscc}", headers=YJGL)).status_code == 404
