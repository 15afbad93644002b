"""An outside producer (librdkafka) puts malformed messages between good ones: the good
ones are processed once each, the bad ones are dead letters with their error, listed and
replayed repaired by `jianguan dlq`; a second delivery and an outbox replay do nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from click.testing import CliRunner
from confluent_kafka import Producer

from jianguan.cli import main
from shared.contracts import Envelope
from shared.messaging.operations import replay_outbox, stored_dead_letters
from tests.clock import START, TODAY
from tests.faults.suite_kit import Suite

TOPIC = "complaint.substantiated.v1"


def _envelope(uscc: str, n: int, **data_changes) -> Envelope:  # type: ignore[no-untyped-def]
    data = {"complaint_id": f"CP-OUTSIDE-{uscc}-{n}", "uscc": uscc, "category": "food_safety",
            "handling_department": "SCJG", "severity": "general", "finding_for": "police",
            "substantiated_on": (TODAY - timedelta(days=2)).isoformat(), **data_changes}
    return Envelope(source="/outside/12315-platform", type=f"cn.gov.jianguan.{TOPIC}",
                    subject=uscc, time=START, data=data)


async def test_malformed_messages_become_dead_letters_and_the_good_ones_flow(suite: Suite,
                                                                             monkeypatch):
    usccs = suite.usccs(5)
    assert len(await suite.register(usccs)) == 5
    good = [_envelope(uscc, 1) for uscc in usccs]
    wrong_schema = _envelope(usccs[0], 2, severity="catastrophic")
    unknown = Envelope(source="/outside/12315-platform", subject=usccs[1],
                       type="cn.gov.jianguan.complaint.teleported.v1", data={"x": 1})
    messages = [good[0].to_json(), b"this is not JSON", good[1].to_json(),
                wrong_schema.to_json(), good[2].to_json(), unknown.to_json(), good[3].to_json(),
                b'{"data": "' + b"x" * 2_000_000 + b'"}', good[4].to_json(),
                good[4].to_json()]  # the same event id twice
    outside = Producer({"bootstrap.servers": suite.broker.bootstrap,
                        "message.max.bytes": 5_000_000})
    for value in messages:
        outside.produce(TOPIC, value, key=b"outside")  # one key: one partition, in order
    assert outside.flush(15) == 0

    ids = {e.id for e in good}
    took = await suite.converged({"credit-rating": ids, "case-transfer": ids}, timeout=60)
    credit_db = suite.databases["credit-rating"]
    letters: list = []

    async def four_letters() -> bool:
        letters[:] = await stored_dead_letters(credit_db, TOPIC)
        return len(letters) >= 4

    await _wait(four_letters)
    errors = sorted(letter.error.split(":")[0] for letter in letters)
    assert errors == ["ValidationError", "invalid envelope", "invalid envelope",
                      "unknown event type 'cn.gov.jianguan.complaint.teleported.v1' on topic "
                      "complaint.substantiated.v1"], errors
    [huge] = [letter for letter in letters if letter.truncated]
    assert huge.value_size > 2_000_000
    records = await suite.effects_per_event("credit-rating", "credit_records", ids)
    assert sorted(records.values()) == [1] * 5, "a good event lost or doubled"

    urls = {name: db.url for name, db in suite.databases.items()}
    monkeypatch.setenv("CREDIT_RATING_DATABASE_URL", urls["credit-rating"])
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", suite.broker.bootstrap)
    listed = await _cli("dlq", "list", "--service", "credit-rating", "--topic", TOPIC)
    assert listed.exit_code == 0, listed.output
    assert "4 dead letters, 4 not replayed" in listed.output
    assert "kept truncated" in listed.output and "invalid envelope" in listed.output

    [schema_letter] = [lt for lt in letters if lt.error.startswith("ValidationError")]
    repaired = _envelope(usccs[0], 2)  # the producer's fix: a severity that exists
    replay = await _cli("dlq", "replay", "--service", "credit-rating", "--id",
                        str(schema_letter.id), "--value-file", "-", input=repaired.to_json())
    assert replay.exit_code == 0, replay.output
    assert "1 dead letters replayed" in replay.output
    await suite.converged({"credit-rating": {repaired.id}}, timeout=30)
    after = await _cli("dlq", "list", "--service", "credit-rating", "--topic", TOPIC)
    assert "4 dead letters, 3 not replayed" in after.output, after.output

    # an outbox replay of a range already delivered: no new effect anywhere
    ids_before = {"credit-rating": len(await suite.seen("credit-rating", ids))}
    await replay_outbox(suite.databases["complaint-intake"], suite.broker.bootstrap, START)
    await asyncio.sleep(3)
    records = await suite.effects_per_event("credit-rating", "credit_records",
                                            ids | {repaired.id})
    assert sorted(records.values()) == [1] * 6 and ids_before["credit-rating"] == 5
    print(f"\n[{suite.backend}] outside producer: 5 good (one twice) and 4 bad messages: 5 "
          f"records, 0 doubled; 4 dead letters (one kept truncated), one replayed repaired; "
          f"the good converged in {took:.1f}s")


async def _cli(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    """The command as an operator types it (on a thread: it runs its own event loop)."""
    return await asyncio.to_thread(CliRunner().invoke, main, list(args), input=input)


async def _wait(check, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.25)):
        if await check():
            return
        await asyncio.sleep(0.25)
    raise AssertionError("timed out")
