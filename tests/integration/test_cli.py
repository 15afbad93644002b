"""The operator CLI against real databases and the real broker."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import AIOKafkaConsumer
from click.testing import CliRunner
from sqlalchemy import text

from jianguan.cli import main
from shared.audit import record
from shared.auth import TokenVerifier
from shared.db import Database
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
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap)
    since = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
    result = CliRunner().invoke(
        main, ["outbox", "replay", "--service", "credit-rating", "--since", since]
    )
    assert result.exit_code == 0, result.output
    assert "7 events published again" in result.output
    assert asyncio.run(_count_messages(broker.bootstrap, name)) == 7

    later = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
    none = CliRunner().invoke(
        main, ["outbox", "replay", "--service", "credit-rating", "--since", later]
    )
    assert "0 events published again" in none.output


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
