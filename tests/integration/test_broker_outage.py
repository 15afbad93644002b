"""The embedded broker goes away and comes back empty: nothing is lost, nothing doubled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.messaging.embedded_broker import EmbeddedBroker, free_port
from shared.messaging.operations import replay_outbox
from tests.integration.conftest import wait_until
from tests.integration.messaging_kit import Harness, new_event_type, prepared_database


@pytest.fixture
async def own_harness(database_url):  # type: ignore[no-untyped-def]
    """A harness on a broker of its own, which the test may stop and start."""
    own = EmbeddedBroker(port=free_port())
    own.start()
    name, model = new_event_type()
    h = Harness(own.bootstrap, name, model,
                await prepared_database(await database_url("producer")),
                await prepared_database(await database_url("consumer")))
    yield h, own
    await h.stop()
    own.stop()
    await h.producer_db.dispose()
    await h.consumer_db.dispose()


async def test_relay_keeps_working_across_a_broker_outage(own_harness):
    harness, own = own_harness
    await harness.start(consumers=1, partitions=3)
    for seq in range(10):
        await harness.publish(f"K{seq % 3}", seq)
    await wait_until(lambda: _count_is(harness, 10), what="events before the outage")

    own.stop()
    for seq in range(10, 30):  # written while the broker is away
        await harness.publish(f"K{seq % 3}", seq)
    assert await harness.relay.backlog() > 0
    own.start()  # same address, empty memory: no topics, no offsets

    await wait_until(lambda: _count_is(harness, 30), timeout=60, what="events after the outage")
    rows = await harness.effects()
    assert sorted(r.seq for r in rows) == list(range(30)), "an event was lost or doubled"


async def test_outbox_replay_after_restart_restores_every_consumer_without_duplicates(own_harness):
    harness, own = own_harness
    since = datetime.now(UTC) - timedelta(seconds=1)
    await harness.start(consumers=1, partitions=2)
    for seq in range(10):
        await harness.publish(f"K{seq % 2}", seq)
    await wait_until(lambda: _count_is(harness, 10), what="first events consumed")

    await harness.runners[0].stop()  # the consumer is down ...
    for seq in range(10, 20):  # ... these are published but not yet consumed ...
        await harness.publish(f"K{seq % 2}", seq)
    await wait_until(lambda: _backlog_is(harness, 0), what="relay publishing")
    own.restart()  # ... and the broker forgets them
    harness.add_consumer("instance-after-restart")
    late = harness.add_consumer("a-second-service-instance")  # same group, joins late

    replayed = await replay_outbox(harness.producer_db, own.bootstrap, since)
    assert replayed == 20
    await wait_until(lambda: _count_is(harness, 20), timeout=60, what="replayed events")
    rows = await harness.effects()
    assert sorted(r.seq for r in rows) == list(range(20)), "lost or duplicated effects"
    assert late is not None


async def _count_is(harness, n: int) -> bool:
    return await harness.effect_count() >= n


async def _backlog_is(harness, n: int) -> bool:
    return await harness.relay.backlog() == n


async def test_after_a_broker_loss_the_relay_publishes_its_window_again_with_no_command(
        own_harness):
    """Events the lost broker held but a consumer had not read yet come back by themselves:
    the relay sees the new cluster id and publishes its recent rows again."""
    harness, own = own_harness
    await harness.start(consumers=1, partitions=2)
    for seq in range(10):
        await harness.publish(f"K{seq % 2}", seq)
    await wait_until(lambda: _count_is(harness, 10), what="first events consumed")

    await harness.runners[0].stop()  # the consumer is down ...
    for seq in range(10, 20):  # ... these are published but not yet consumed ...
        await harness.publish(f"K{seq % 2}", seq)
    await wait_until(lambda: _backlog_is(harness, 0), what="relay publishing")
    own.process.kill()  # ... and the broker dies with them (SIGKILL) and comes back empty
    own.process.wait()
    own.start()
    harness.add_consumer("instance-after-restart")

    await wait_until(lambda: _count_is(harness, 20), timeout=30, what="the lost events")
    rows = await harness.effects()
    assert sorted(r.seq for r in rows) == list(range(20)), "lost or duplicated effects"
    assert harness.relay.broker_restarts == 1
    assert harness.relay.republished == 20  # the whole window: the inbox drops the 10 seen
