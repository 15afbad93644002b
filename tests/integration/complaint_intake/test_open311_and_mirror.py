"""The Open311 GeoReport v2 view, and the entity mirror kept from credit-rating's
``credit.entity.upserted.v1`` through the real broker."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from services.complaint_intake.models import Complaint, MirroredEntity
from shared.contracts import Envelope
from shared.contracts.credit import EntityUpserted
from tests.integration.complaint_intake.conftest import (
    SCJG,
    file,
    filing,
    fresh_uscc,
    make_app,
    serving,
    settled,
)
from tests.integration.conftest import wait_until


async def test_open311_lists_services_takes_requests_and_reports_their_status(client):
    services = (await client.get("/open311/v2/services.json")).json()
    food = next(s for s in services if s["service_code"] == "food_safety")
    assert food["service_name"] == "食品安全" and food["group"] == "青岛市市场监督管理局"
    form = {"service_code": "food_safety", "description": "面包店售卖发霉面包",
            "attribute[uscc]": fresh_uscc(), "first_name": "小明", "last_name": "李",
            "phone": "13800138000"}
    created = await client.post("/open311/v2/requests.json", data=form)
    assert created.status_code == 201, created.text
    [answer] = created.json()
    code = answer["service_request_id"]
    await settled(client.app)
    [found] = (await client.get("/open311/v2/requests.json",
                                params={"service_request_id": code})).json()
    assert (found["status"], found["service_code"], found["agency_responsible"]) == (
        "open", "food_safety", "SCJG")
    assert "13800138000" not in created.text + str(found)
    bad = await client.post("/open311/v2/requests.json",
                            data={**form, "attribute[kind]": "rumour"})
    assert bad.status_code == 422 and "kind" in bad.json()["detail"]


async def test_open311_shows_a_duplicate_as_the_first_complaint_is_handled(client):
    first = await file(client, filing(description="面包店售卖发霉面包，已经多次发现。"))
    uscc = (await client.get(f"/v1/complaints/{first['complaint_id']}",
                             headers=SCJG)).json()["uscc"]
    form = {"service_code": "food_safety", "description": "面包店售卖发霉面包，已经多次发现！",
            "attribute[uscc]": uscc}
    [created] = (await client.post("/open311/v2/requests.json", data=form)).json()
    await settled(client.app)
    async with client.app.state.db.reader() as session:
        assert await session.scalar(select(Complaint.duplicate_of).where(
            Complaint.receipt_code == created["service_request_id"])) == first["complaint_id"]
    await client.post(f"/v1/complaints/{first['complaint_id']}/replies", headers=SCJG,
                      json={"text": "已派员现场检查", "public": True})

    [linked] = (await client.get("/open311/v2/requests.json", params={
        "service_request_id": created["service_request_id"]})).json()
    assert (linked["status"], linked["agency_responsible"], linked["status_notes"]) == (
        "open", "SCJG", "已派员现场检查")


async def test_the_mirror_follows_credit_rating_and_names_are_matched(database, broker):
    app = make_app(database, broker.bootstrap, consumers_enabled=True)
    uscc = fresh_uscc()
    upserted = EntityUpserted(uscc=uscc, name="青岛蓝湾海鲜餐饮有限公司", region="370211",
                              industry="H6210", established_on=date(2020, 1, 2),
                              new_economy=False)
    renamed = upserted.model_copy(update={"name": "青岛蓝湾海鲜酒楼有限公司"})
    async with serving(app) as client:
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
        await producer.start()
        try:
            for payload in (upserted, upserted, renamed):
                envelope = Envelope(source="/jianguan/credit-rating",
                                    type=EntityUpserted.__event_spec__.type,  # type: ignore[attr-defined]
                                    subject=uscc, data=payload.model_dump(mode="json"))
                await producer.send_and_wait("credit.entity.upserted.v1", envelope.to_json(),
                                             key=uscc.encode())
        finally:
            await producer.stop()

        async def renamed_in_mirror() -> bool:
            async with app.state.db.reader() as session:
                row = await session.get(MirroredEntity, uscc)
                return row is not None and row.name == renamed.name

        await wait_until(renamed_in_mirror, timeout=30, what="the mirror to follow")
        filed = await file(client, filing(subject={"name": "青岛蓝湾海鲜酒楼"}))
        detail = (await client.get(f"/v1/complaints/{filed['complaint_id']}",
                                   headers=SCJG)).json()
        assert detail["uscc"] == uscc and detail["match_score"] >= 0.6


async def test_times_reach_the_public_with_their_offset(client):
    """On SQLite too: a reply's time and Open311's datetimes say which zone they are in
    (GeoReport v2 requires it), and mean the moment they were made."""
    before = client.app.state.context.clock.now()
    filed = await file(client, filing())
    await client.post(f"/v1/complaints/{filed['complaint_id']}/replies", headers=SCJG,
                      json={"text": "已受理，正在核查", "public": True})
    receipt = (await client.get(f"/v1/receipts/{filed['receipt_code']}")).json()
    [request] = (await client.get("/open311/v2/requests.json", params={
        "service_request_id": filed["receipt_code"]})).json()

    moments = [receipt["replies"][0]["at"], request["requested_datetime"],
               request["updated_datetime"]]
    for moment in map(datetime.fromisoformat, moments):
        assert moment.tzinfo is not None
        assert timedelta(0) <= moment - before < timedelta(minutes=1)
