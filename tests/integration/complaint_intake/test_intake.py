"""Intake from the public and from departments, receipts, and every bad input (CP-1)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.complaint_intake.handlers.mirror import mirror_entity
from services.complaint_intake.models import RateBucket
from shared.contracts.credit import EntityUpserted
from tests.clock import START
from tests.integration.complaint_intake.conftest import (
    HOTLINE,
    events,
    file,
    filing,
    fresh_uscc,
    make_app,
    serving,
    token,
)
from tests.integration.service_kit import migrated_database


async def test_public_filing_is_routed_and_followed_by_its_receipt(client):
    uscc = fresh_uscc()
    filed = await file(client, filing(uscc, category="consumer_rights"))
    assert filed["department"] == "SCJG-370211"  # 黄岛区 by the USCC's region
    assert len(filed["receipt_code"]) == 16 and filed["accept_by"] is not None
    receipt = await client.get(f"/v1/receipts/{filed['receipt_code']}")
    assert receipt.status_code == 200
    assert receipt.json()["status"] == "received" and receipt.json()["replies"] == []
    received = await events(client.app, "complaint.received.v1", filed["complaint_id"])
    assert received[0]["channel"] == "public" and received[0]["uscc"] == uscc
    routed = await events(client.app, "complaint.routed.v1", filed["complaint_id"])
    assert routed[0]["department"] == "SCJG-370211"


async def test_a_hotline_relays_with_its_channel_and_a_report_gets_15_workdays(client):
    filed = await file(client, filing(kind="report", channel="12315"), HOTLINE)
    assert filed["accept_by"] is None and filed["decide_case_by"] is not None
    received = await events(client.app, "complaint.received.v1", filed["complaint_id"])
    assert received[0]["channel"] == "12315" and received[0]["kind"] == "report"
    missing = await client.post("/v1/complaints", json=filing(), headers=HOTLINE)
    assert missing.status_code == 422 and "channel" in missing.json()["detail"]
    public = await client.post("/v1/complaints", json=filing(channel="12345"))
    assert public.status_code == 422 and "departmental token" in public.json()["detail"]


async def test_a_name_alone_is_matched_against_the_entity_mirror(client):
    uscc = fresh_uscc()
    async with client.app.state.db.unit_of_work() as uow:
        await mirror_entity(uow, EntityUpserted(
            uscc=uscc, name="青岛海岸食品有限公司", region="370283", industry="C1391",
            established_on=date(2019, 5, 20), new_economy=False), START)
    body = filing(subject={"name": "青岛海岸食品公司", "address": "平度市人民路 8 号"},
                  category="pricing")
    filed = await file(client, body)
    assert filed["department"] == "SCJG-370283"  # the matched entity's region
    detail = (await client.get(f"/v1/complaints/{filed['complaint_id']}",
                               headers=token("SCJG-370283", "officer"))).json()
    assert detail["uscc"] == uscc and 0.6 <= detail["match_score"] < 1
    unknown = await file(client, filing(subject={"name": "某某不存在的小店"}))
    assert (await events(client.app, "complaint.received.v1",
                         unknown["complaint_id"]))[0]["uscc"] is None


async def test_bad_input_is_refused_saying_what_to_change(client):
    too_long = await client.post("/v1/complaints", json=filing(description="很" * 10_001))
    assert too_long.status_code == 422 and "10000" in too_long.json()["detail"]
    uscc = fresh_uscc()
    wrong = uscc[:17] + ("0" if uscc[17] != "0" else "1")
    bad = await client.post("/v1/complaints", json=filing(wrong))
    assert bad.status_code == 422
    assert f"expected '{uscc[17]}'" in bad.json()["detail"]
    nobody = await client.post("/v1/complaints", json=filing(subject={}))
    assert nobody.status_code == 422 and "subject.name" in nobody.json()["detail"]


async def test_unknown_receipts_answer_alike_whatever_codes_exist_nearby(client):
    filed = await file(client, filing())
    code = filed["receipt_code"]
    near = [code[:-1] + str((int(code[-1]) + 1) % 10),   # bad check digit
            str(int(code[:15]) + 1) + "0", "1" * 16, "12345"]
    answers = [await client.get(f"/v1/receipts/{other}") for other in near]
    assert {a.status_code for a in answers} == {404}
    assert len({(a.json()["detail"], a.json()["title"]) for a in answers}) == 1


async def test_public_filings_are_rate_limited_per_address(database):
    app = make_app(database, public_intake_requests=2, public_intake_per_seconds=3600)
    async with serving(app, client_host="203.0.113.9") as client:
        for _ in range(2):
            await file(client, filing())
        limited = await client.post("/v1/complaints", json=filing())
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1
        assert "try again" in limited.json()["detail"]
        relayed = await client.post("/v1/complaints", json=filing(channel="12345"),
                                    headers=HOTLINE)
        assert relayed.status_code == 201  # departments relaying are not limited
    async with serving(app, client_host="203.0.113.10") as other:
        await file(other, filing())



async def test_receipt_lookups_are_limited_per_address_each_code_counting(database):
    """Guessing codes costs quota: a receipt, a rating, each code asked of Open311."""
    app = make_app(database, receipt_lookup_requests=4)
    async with serving(app, client_host="203.0.113.31") as client:
        filed = await file(client, filing())
        code = filed["receipt_code"]
        seen = (await client.get(f"/v1/receipts/{code}")).status_code
        asked = await client.get("/open311/v2/requests.json",
                                 params={"service_request_id": f"{code},{code[:-1]}0,1"})
        limited = await client.get(f"/v1/receipts/{code}")
        rating = await client.post(f"/v1/receipts/{code}/rating", json={"score": 5})
    async with serving(app, client_host="203.0.113.32") as other:
        elsewhere = (await other.get(f"/v1/receipts/{code}")).status_code

    assert (seen, asked.status_code, elsewhere) == (200, 200, 200)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert "receipt lookups" in limited.json()["detail"] and rating.status_code == 429


async def test_instances_on_one_postgresql_database_spend_one_quota(tmp_path_factory):
    """Behind two replicas (and after a restart) an address still gets its quota once,
    and the database keeps only a keyed hash of the address."""
    address, quota = "203.0.113.77", {"public_intake_requests": 3,
                                      "public_intake_per_seconds": 3600}
    async with migrated_database("complaint_intake", "postgres", tmp_path_factory) as url:
        async with serving(make_app(url, **quota), address) as one, \
                serving(make_app(url, **quota), address) as two:
            spent = [(await c.post("/v1/complaints", json=filing())).status_code
                     for c in (one, two, one)]
            limited = await two.post("/v1/complaints", json=filing())
        async with serving(make_app(url, **quota), address) as restarted, \
                serving(make_app(url, **quota), "203.0.113.78") as neighbour:
            after_restart = await restarted.post("/v1/complaints", json=filing())
            other = await neighbour.post("/v1/complaints", json=filing())
            async with restarted._transport.app.state.db.reader() as session:
                keys = (await session.scalars(select(RateBucket.key))).all()

    assert spent == [201, 201, 201]
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 1200
    assert (after_restart.status_code, other.status_code) == (429, 201)
    assert len(keys) == 2 and not any(address in key or "203" in key for key in keys)


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_quota(database):
    app = make_app(database, public_intake_requests=1, public_intake_per_seconds=3600,
                   trusted_proxies="10.0.0.0/8")
    async with serving(app, client_host="10.1.2.3") as proxy:
        first = await proxy.post("/v1/complaints", json=filing(),
                                 headers={"X-Forwarded-For": "198.51.100.21, 10.9.9.9"})
        again = await proxy.post("/v1/complaints", json=filing(),
                                 headers={"X-Forwarded-For": "198.51.100.21"})
        other = await proxy.post("/v1/complaints", json=filing(),
                                 headers={"X-Forwarded-For": "198.51.100.22"})
    async with serving(app, client_host="203.0.113.50") as untrusted:
        forged = [await untrusted.post("/v1/complaints", json=filing(),
                                       headers={"X-Forwarded-For": f"192.0.2.{n}"})
                  for n in (1, 2)]

    assert (first.status_code, again.status_code, other.status_code) == (201, 429, 201)
    assert [f.status_code for f in forged] == [201, 429], "a forged header bought a quota"


async def test_a_lookup_count_in_the_query_neither_refunds_nor_skips_the_quota(database):
    """``?codes=-1000`` once gave 1000 lookups back and ``?codes=0`` cost nothing: the
    caller names no count now, every lookup costs one."""
    app = make_app(database, receipt_lookup_requests=3)
    async with serving(app, client_host="203.0.113.41") as client:
        code = (await file(client, filing()))["receipt_code"]
        refunding = [(await client.get(f"/v1/receipts/{code}", params={"codes": "-1000"})
                      ).status_code for _ in range(4)]
    async with serving(app, client_host="203.0.113.42") as client:
        free = [(await client.get(f"/v1/receipts/{code}", params={"codes": "0"})).status_code
                for _ in range(4)]
        open311 = await client.get("/open311/v2/requests.json",
                                   params={"service_request_id": code, "codes": "-1000"})

    assert refunding == [200, 200, 200, 429]
    assert free == [200, 200, 200, 429]
    assert open311.status_code == 429


async def test_open311_asks_for_one_to_twenty_codes_each_costing_one(database):
    app = make_app(database, receipt_lookup_requests=21)
    async with serving(app, client_host="203.0.113.43") as client:
        code = (await file(client, filing()))["receipt_code"]
        many = await client.get("/open311/v2/requests.json", params={
            "service_request_id": ",".join([code] * 21)})
        none = await client.get("/open311/v2/requests.json", params={
            "service_request_id": " , ,"})
        twenty = await client.get("/open311/v2/requests.json", params={
            "service_request_id": ",".join([code] * 20)})
        spent = await client.get("/open311/v2/requests.json", params={
            "service_request_id": f"{code},{code}"})
        last = await client.get(f"/v1/receipts/{code}")

    assert many.status_code == 422 and "service_request_id" in many.json()["detail"]
    assert none.status_code == 422 and none.json()["field"] == "service_request_id"
    assert twenty.status_code == 200 and len(twenty.json()) == 1
    assert spent.status_code == 429  # 20 of 21 spent: two more do not fit
    assert last.status_code == 200  # the one left; the refused asks cost nothing
