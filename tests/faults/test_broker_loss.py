"""The broker SIGKILLed in the middle of a burst of 500 cross-service writes and started
again empty: every copy converges with no command, within 30 s of the broker being back."""

from __future__ import annotations

import time

import pytest

from tests.faults.suite_kit import Suite

pytestmark = pytest.mark.slow_fault


async def test_broker_killed_mid_burst_converges_with_no_command(suite: Suite):
    # entities first: a substantiated complaint is recorded against a registered entity
    earlier = suite.usccs(200)
    assert len(await suite.register(earlier)) == 200
    newcomers = suite.usccs(300)
    back_at: list[float] = []

    async def kill_the_broker_once(acknowledged: int) -> None:
        if acknowledged >= 150 and not back_at:
            back_at.append(0.0)
            suite.broker.process.kill()  # SIGKILL: topics, offsets and groups are gone
            suite.broker.process.wait()
            suite.broker.start()  # the same address, empty
            back_at[0] = time.monotonic()

    substantiated = await suite.substantiate(earlier[:100])
    acknowledged = await suite.register(newcomers, after_each=kill_the_broker_once)
    substantiated += await suite.substantiate(earlier[100:])
    assert back_at, "the broker was never killed"
    assert len(acknowledged) == 300, "a registration was refused while the broker was away"

    upserted = await suite.upserted_ids(earlier + newcomers)
    entity_events = set().union(*upserted.values())
    took = await suite.converged({
        "inspection-draw": entity_events, "complaint-intake": entity_events,
        "credit-rating": set(substantiated), "case-transfer": set(substantiated)}, timeout=60)
    since_back = time.monotonic() - back_at[0]
    records = await suite.effects_per_event("credit-rating", "credit_records", set(substantiated))
    clues = await suite.effects_per_event("case-transfer", "cases", set(substantiated))
    assert sorted(records.values()) == [1] * 200, "a record lost or doubled"
    assert sorted(clues.values()) == [1] * 200, "a clue lost or doubled"
    assert set(upserted) == set(earlier + newcomers), "an acknowledged write has no event"
    print(f"\n[{suite.backend}] broker SIGKILLed after 150 of 500 writes: 500 acknowledged, "
          f"0 lost, 0 doubled, 0 half-done; converged {took:.1f}s after the burst, "
          f"{since_back:.1f}s after the broker was back")
    assert since_back <= 30, f"converged only {since_back:.1f}s after the broker was back"
