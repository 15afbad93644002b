"""Whistleblower protection (CP-4): after a full intake → substantiated flow the
reporter's name, phone and ID number are in no database byte, no Kafka message, no log
line and no answer to another department (nor is the filer's network address kept);
only the handling department's officer reads them, and each read is audited."""

from __future__ import annotations

import logging
from pathlib import Path

from aiokafka import TopicPartition
from sqlalchemy import func, select

from shared.messaging.kafka import new_consumer
from shared.platform_tables import audit_log, outbox
from tests.integration.complaint_intake.conftest import (
    SCJG,
    SCJG_OFFICER,
    STHJ,
    file,
    filing,
    fresh_uscc,
    make_app,
    serving,
)
from tests.integration.conftest import wait_until

NAME, PHONE, ID_NUMBER = "欧阳翠花", "13912345678", "37021119850612432X"
ADDRESS = "198.51.100.7"  # the client address ``serving`` files from
SECRETS = (NAME, PHONE, ID_NUMBER, "12345678", "198506124", ADDRESS)
TOPICS = ["complaint.received.v1", "complaint.routed.v1", "complaint.substantiated.v1",
          "complaint.closed.v1"]


def assert_no_secret(text: str | bytes, where: str) -> None:
    data = text if isinstance(text, bytes) else text.encode()
    for secret in SECRETS:
        assert secret.encode() not in data, f"{secret!r} leaked into {where}"


async def kafka_messages(bootstrap: str) -> list[bytes]:
    """Every message of the complaint topics, from the beginning to the current end."""
    consumer = new_consumer(bootstrap, "privacy-check")
    await consumer.start()
    try:
        partitions = []
        for topic in TOPICS:
            numbers = await _partitions(consumer, topic)
            partitions.extend(TopicPartition(topic, number) for number in numbers)
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.seek_to_beginning(*partitions)
        values: list[bytes] = []
        while await _behind(consumer, ends):
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                values.extend(r.value + b"".join(v for _, v in r.headers) for r in records)
        return values
    finally:
        await consumer.stop()


async def _behind(consumer, ends) -> bool:  # type: ignore[no-untyped-def]
    for partition, end in ends.items():
        if await consumer.position(partition) < end:
            return True
    return False


async def _partitions(consumer, topic: str) -> set[int]:  # type: ignore[no-untyped-def]
    known = consumer.partitions_for_topic(topic)
    if known is None:
        await consumer._client.force_metadata_update()
        known = consumer.partitions_for_topic(topic)
    return known or {0}


async def test_the_identity_never_leaves_the_vault(database, broker, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    app = make_app(database, broker.bootstrap, relay_enabled=True)
    answers: list[str] = []
    async with serving(app) as client:
        uscc = fresh_uscc()
        body = filing(uscc, kind="report", internal_whistleblower=True,
                      reporter={"name": NAME, "phone": PHONE, "id_number": ID_NUMBER,
                                "contact": "青岛市黄岛区某小区 3 号楼"})
        filed = await file(client, body)
        complaint = filed["complaint_id"]
        answers.append(str(filed))
        for step, payload in (("investigate", None),
                              ("close", {"outcome": "substantiated", "severity": "general",
                                         "finding_for": "police",
                                         "public_reply": "经查属实，已依法处理。"})):
            done = await client.post(f"/v1/complaints/{complaint}/{step}", json=payload,
                                     headers=SCJG)
            assert done.status_code == 200, done.text
            answers.append(done.text)
        for path in (f"/v1/complaints/{complaint}", f"/v1/complaints/{complaint}/reporter",
                     "/v1/queue", "/v1/stats", f"/v1/receipts/{filed['receipt_code']}"):
            for headers in (STHJ, SCJG):
                answer = await client.get(path, headers=headers)
                answers.append(answer.text)
        other = await client.get(f"/v1/complaints/{complaint}/reporter", headers=STHJ)
        assert other.status_code == 403  # an officer, but of another department
        plain = await client.get(f"/v1/complaints/{complaint}/reporter", headers=SCJG)
        assert plain.status_code == 403 and "whistleblower_officer" in plain.json()["detail"]
        officer = await client.get(f"/v1/complaints/{complaint}/reporter",
                                   headers=SCJG_OFFICER)
        assert officer.status_code == 200
        assert (officer.json()["name"], officer.json()["phone"], officer.json()["id_number"]) \
            == (NAME, PHONE, ID_NUMBER)
        assert officer.json()["internal_whistleblower"] is True

        async def all_published() -> bool:
            async with app.state.db.reader() as session:
                return not await session.scalar(select(func.count()).select_from(outbox)
                                                 .where(outbox.c.published_at.is_(None)))

        await wait_until(all_published, timeout=30, what="the relay to publish")
        async with app.state.db.reader() as session:
            reads = await session.scalar(select(func.count()).select_from(audit_log).where(
                audit_log.c.action == "complaint.reporter.read",
                audit_log.c.subject == complaint))
            assert reads == 1  # the officer's read; the refused ones read nothing
            stored = (await session.execute(select(outbox.c.payload))).scalars().all()
    for text in answers:
        assert_no_secret(text, "an answer")
    for payload in stored:
        assert_no_secret(payload, "the outbox")
    messages = await kafka_messages(broker.bootstrap)
    assert any(complaint.encode() in m and b"substantiated.v1" in m for m in messages)
    assert any(b'"finding_for":"police"' in m for m in messages)
    for message in messages:
        assert_no_secret(message, "a Kafka message")
    assert_no_secret(caplog.text, "the logs")
    captured = capfd.readouterr()
    assert_no_secret(captured.out + captured.err, "stdout/stderr")
    if database.startswith("sqlite"):
        path = Path(database.split("///", 1)[1])
        raw = b"".join(part.read_bytes() for part in (path, Path(f"{path}-wal"))
                       if part.exists())
        assert body["description"].encode() in raw  # the bytes read are the data
        assert_no_secret(raw, "the database file")
