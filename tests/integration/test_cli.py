"""The operator CLI against real databases and the real broker."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import AIOKafkaConsumer
from click.testing import CliRunner
from sqlalchemy import text

from jianguan.cli import main
from jianguan.suite import service
from shared.audit import record
from shared.audit.checkpoints import checkpoint
from shared.auth import TokenVerifier
from shared.clock import CHINA_TIME
from shared.db import AuditSeal, Database
from shared.messaging.embedded_broker import EmbeddedBroker, free_port
from shared.messaging.operations import replay_outbox
from shared.messaging.outbox import Outbox
from shared.migrations import upgrade
from shared.settings import ServiceSettings
from tests.integration.messaging_kit import Harness, new_event_type


@pytest.fixture
def credit_rating_db(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path}/credit_rating.db"
    upgrade("credit_rating", url)
    monkeypatch.setenv("CREDIT_RATING_DATABASE_URL", url)
    return url


def test_token_issue_prints_a_token_the_services_accept():
    result = CliRunner().invoke(
        main,
        [
            "token",
            "issue",
            "--dept",
            "STHJ",
            "--roles",
            "officer,whistleblower_officer",
            "--region",
            "370211",
        ],
    )
    assert result.exit_code == 0, result.output
    caller = asyncio.run(
        TokenVerifier.from_settings(ServiceSettings()).verify(result.output.strip())
    )
    assert (caller.dept, caller.region) == ("STHJ", "370211")
    assert caller.roles == frozenset({"officer", "whistleblower_officer"})


def test_audit_verify_says_intact_then_names_the_tampered_entry(credit_rating_db):
    async def write_and_tamper(tamper: bool) -> None:
        db = Database(credit_rating_db)
        async with db.unit_of_work() as uow:
            for i in range(5):
                await record(
                    uow, actor="SCJG", action="record.added", subject=f"E{i}", detail={"n": i}
                )
        if tamper:
            async with db.unit_of_work() as uow:
                await uow.session.execute(
                    text("UPDATE audit_log SET detail = '{\"n\": 99}' WHERE seq = 8")
                )
        await db.dispose()

    asyncio.run(write_and_tamper(False))
    intact = CliRunner().invoke(main, ["audit", "verify", "--service", "credit-rating"])
    assert intact.exit_code == 0
    assert "audit chain of 5 entries is intact" in intact.output

    asyncio.run(write_and_tamper(True))
    broken = CliRunner().invoke(main, ["audit", "verify", "--service", "credit-rating"])
    assert broken.exit_code == 1
    assert "broken at entry 8" in broken.output


def test_an_unknown_service_is_refused_with_the_known_ones():
    result = CliRunner().invoke(main, ["audit", "verify", "--service", "credit"])
    assert result.exit_code == 2
    assert "credit-rating" in result.output and "public-notice" in result.output


def test_outbox_replay_publishes_every_event_since_the_time(broker, credit_rating_db, monkeypatch):
    name, model = new_event_type()

    async def write_events() -> None:
        db = Database(credit_rating_db)
        harness = Harness(broker.bootstrap, name, model, db, db)
        for seq in range(7):
            await harness.publish(f"K{seq}", seq)
        await db.dispose()

    asyncio.run(write_events())
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("JIANGUAN_BROKER_PORT", str(broker.port))  # as `jianguan run` has it
    replay = ["outbox", "replay", "--service", "credit-rating", "--since"]
    since = (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="seconds")
    result = CliRunner().invoke(main, [*replay, since])  # with its offset (+00:00)
    assert result.exit_code == 0, result.output
    assert "7 events published again (written since 20" in result.output
    assert f"to {broker.bootstrap}" in result.output
    assert asyncio.run(_count_messages(broker.bootstrap, name)) == 7

    later = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "0 events published again" in CliRunner().invoke(main, [*replay, later]).output


def test_a_time_without_an_offset_is_china_time(broker, credit_rating_db, monkeypatch):
    """Five minutes ahead on a UTC clock, written without an offset, is China time: eight
    hours earlier, before the events, so they are published again (it used to mean UTC)."""
    name, model = new_event_type()

    async def write_events() -> None:
        db = Database(credit_rating_db)
        await Harness(broker.bootstrap, name, model, db, db).publish("K", 1)
        await db.dispose()

    asyncio.run(write_events())
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap)
    replay = ["outbox", "replay", "--service", "credit-rating", "--since"]
    utc_ahead = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
    result = CliRunner().invoke(main, [*replay, utc_ahead])
    assert "1 events published again" in result.output, result.output
    assert "+08:00" in result.output  # says which time it took
    china_ahead = (datetime.now(CHINA_TIME) + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S")
    assert "0 events published again" in CliRunner().invoke(main, [*replay, china_ahead]).output
    bad = CliRunner().invoke(main, [*replay, "yesterday"])
    assert bad.exit_code == 2 and "+08:00" in bad.output


def test_topics_create_finds_the_broker_by_the_runs_port(broker, monkeypatch):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("JIANGUAN_BROKER_PORT", str(broker.port))
    result = CliRunner().invoke(main, ["topics", "create"])
    assert result.exit_code == 0, result.output
    assert asyncio.run(_has_topic(broker.bootstrap, "credit.entity.upserted.v1.dlq"))


async def _has_topic(bootstrap: str, topic: str) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return topic in await admin.list_topics()
    finally:
        await admin.close()


async def _count_messages(bootstrap: str, topic: str) -> int:
    """Read the topic from the start (Tansu's end offsets undercount batched sends)."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        seen = 0
        while batch := await consumer.getmany(timeout_ms=1500):
            seen += sum(len(records) for records in batch.values())
        return seen
    finally:
        await consumer.stop()


def test_audit_verify_against_checkpoints_catches_a_cut_tail_the_database_hides(
        credit_rating_db, monkeypatch):
    own = EmbeddedBroker(port=free_port())  # checkpoints of no other test on it
    own.start()
    try:
        monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", own.bootstrap)
        settings = service("credit_rating").settings()
        asyncio.run(_entries_then_checkpoint(credit_rating_db, settings, own.bootstrap))
        verify = ["audit", "verify", "--service", "credit-rating"]

        whole = CliRunner().invoke(main, [*verify, "--against-checkpoints"])
        assert whole.exit_code == 0, whole.output
        assert "intact, and matches 1 published checkpoint(s)" in whole.output

        asyncio.run(_cut_tail_and_move_head_back(credit_rating_db, keep=6))
        alone = CliRunner().invoke(main, verify)
        against = CliRunner().invoke(main, [*verify, "--against-checkpoints"])
    finally:
        own.stop()
    assert alone.exit_code == 0  # the database by itself looks whole
    assert against.exit_code == 1
    assert "checkpoint was published for entry 10 but the chain ends at entry 6" \
        in against.output


def test_audit_verify_against_checkpoints_says_when_none_were_published(
        credit_rating_db, monkeypatch):
    own = EmbeddedBroker(port=free_port())
    own.start()
    try:
        monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", own.bootstrap)
        asyncio.run(_entries(credit_rating_db, service("credit_rating").settings(), 3))
        result = CliRunner().invoke(
            main, ["audit", "verify", "--service", "credit-rating", "--against-checkpoints"])
    finally:
        own.stop()
    assert result.exit_code == 1
    assert "no checkpoint of it was found" in result.output


async def _entries(url: str, settings, count: int) -> Database:  # type: ignore[no-untyped-def]
    db = Database(url, outbox=Outbox("/jianguan/credit-rating"),
                  audit=AuditSeal(settings.audit_key.encode(), settings.slug))
    async with db.unit_of_work() as uow:
        for i in range(count):
            await record(uow, actor="SCJG", action="record.added", subject=f"E{i}",
                         detail={"n": i})
    return db


async def _entries_then_checkpoint(url: str, settings, bootstrap: str) -> None:  # type: ignore[no-untyped-def]
    db = await _entries(url, settings, 10)
    start = datetime.now(UTC) - timedelta(minutes=1)
    await checkpoint(db)
    await replay_outbox(db, bootstrap, start)  # what the relay does while the service runs
    await db.dispose()


async def _cut_tail_and_move_head_back(url: str, keep: int) -> None:
    db = Database(url)
    async with db.unit_of_work() as uow:
        await uow.session.execute(text(f"DELETE FROM audit_log WHERE seq > {keep}"))
        await uow.session.execute(text(
            f"UPDATE audit_head SET seq = {keep}, hash = "
            f"(SELECT hash FROM audit_log WHERE seq = {keep})"))
    await db.dispose()
