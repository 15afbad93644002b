"""A consuming service, then a producing one, SIGKILLed in the middle of a burst and
started again: every acknowledged write ends in every consumer once."""

from __future__ import annotations

import time

from tests.faults.suite_kit import Suite


async def test_a_consumer_killed_mid_consumption_catches_up_once(suite: Suite):
    usccs = suite.usccs(200)
    draw = suite.services["inspection-draw"]
    killed: list[float] = []

    async def kill_the_consumer_once(acknowledged: int) -> None:
        if acknowledged >= 60 and not killed:
            draw.kill()  # in the middle of consuming the burst
            killed.append(time.monotonic())

    acknowledged = await suite.register(usccs, after_each=kill_the_consumer_once)
    draw.start()
    await draw.wait_ready()
    events = set().union(*(await suite.upserted_ids(usccs)).values())
    took = await suite.converged({"inspection-draw": events, "complaint-intake": events}, 60)
    assert len(acknowledged) == 200 and len(events) == 200
    print(f"\n[{suite.backend}] inspection-draw SIGKILLed after 60 of 200 writes: 200 "
          f"acknowledged, 0 lost, 0 doubled (one inbox row per event); converged "
          f"{took:.1f}s after it was ready again, {time.monotonic() - killed[0]:.1f}s after "
          "the kill")


async def test_a_producer_killed_mid_burst_loses_nothing_it_acknowledged(suite: Suite):
    usccs = suite.usccs(200)
    credit = suite.services["credit-rating"]
    killed: list[float] = []

    async def kill_the_producer_once(acknowledged: int) -> None:
        if acknowledged >= 60 and not killed:
            credit.kill()  # requests in flight get no answer: not acknowledged
            killed.append(time.monotonic())

    first = await suite.register(usccs, after_each=kill_the_producer_once)
    credit.start()
    await credit.wait_ready()
    refused = [u for u in usccs if u not in first]
    retried = await suite.register(refused)  # what a client does with an unanswered write
    committed = await suite.registered(usccs)
    assert set(first) | set(retried) <= committed, "an acknowledged write was lost"
    assert committed == set(usccs)
    upserted = await suite.upserted_ids(usccs)
    assert set(upserted) == committed, "a committed entity without its event (half-done)"
    events = set().union(*upserted.values())
    took = await suite.converged({"inspection-draw": events, "complaint-intake": events}, 60)
    print(f"\n[{suite.backend}] credit-rating SIGKILLed after 60 of 200 writes: {len(first)} "
          f"acknowledged before the kill, {len(refused)} unanswered and sent again; "
          f"{len(committed)} committed, each with its event; 0 lost, 0 doubled, 0 half-done; "
          f"converged {took:.1f}s after it was ready again")
