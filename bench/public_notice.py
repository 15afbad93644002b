"""信息公示 benchmarks (public-notice):

(a) the public credit query ``GET /v1/entities/{uscc}/public`` on a database of 1,000,000
    entities and 3,000,000 notices, against the service's own hello-world route
    (``/healthz`` of the same app, same process, same middleware); floor ≥ 60% of its
    requests per second, p99 ≤ 50 ms, at 64 connections. The bare FastAPI hello-world
    (``bench.check_servers hello``) is measured too and shown beside it;
(b) the notice consumer: ``credit.record.added.v1`` penalties and inspection results
    through the real broker, the consumer runner and its inbox into published notices
    (each audited and announced in the outbox) on SQLite; floor ≥ 5,000 events/s, the
    median of ``CONSUMER_ROUNDS`` rounds, each on a broker of its own.

The database of (a) is filled with plain ``sqlite3`` (setup, not measured: about 100 s
for the default sizes on the 2-core machine; the whole run takes about 4 minutes). Sizes
are parameters: ``python -m bench.public_notice 100000 300000`` runs (a) at a tenth (about
2 minutes). On 2 cores anything else running moves the figures, so the three servers
take turns for ``ROUNDS`` rounds and the round with the median ratio is reported. The
query's per-address quota is lifted for the run.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bench.http_load import serve_and_load
from bench.outcome import Goal, Outcome
from services.public_notice import consumers
from services.public_notice.bootstrap import build
from services.public_notice.config import Settings
from shared.contracts import Envelope
from shared.contracts.credit import RecordAdded
from shared.contracts.inspection import InspectionResultRecorded, ResultCategory
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.embedded_broker import EmbeddedBroker, free_port
from shared.messaging.kafka import TopicConfig, ensure_topics, new_producer
from shared.messaging.subscriptions import Subscriptions
from shared.migrations import upgrade
from shared.uscc import generate_many
from shared.web.serving import freeze_startup_objects

ENTITIES, NOTICES, EVENTS = 1_000_000, 3_000_000, 20_000
CONNECTIONS, SECONDS, ROUNDS = 64, 3.0, 5
CONSUMER_ROUNDS = 3
GOAL_RATIO, GOAL_P99_MS, GOAL_EVENTS = 0.6, 50.0, 5_000
TODAY = date(2026, 11, 25)
KINDS = ("administrative_penalty", "inspection_result", "commitment", "abnormal_list")
BASIS = "《中华人民共和国行政处罚法》第四十八条；《市场监督管理行政处罚信息公示规定》第六条"


def _fill(path: Path, entities: int, notices: int) -> list[str]:
    """``entities`` entities and ``notices`` notices (a fifth of them withdrawn), spread
    at random over the entities; returns the codes the load asks for."""
    codes = generate_many(entities, seed=8105)
    pick = random.Random(8105)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND "
                           "tbl_name='notices' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:  # built once at the end: far faster than kept while filling
        conn.execute(f"DROP INDEX {name}")
    now = "2026-11-24 16:00:00.000000"
    conn.executemany(
        "INSERT INTO public_entities (uscc, name, region, industry, established_on, grade,"
        " grade_rule_version, graded_at, updated_at) VALUES (?, ?, '370211', 'C1391',"
        " '2015-03-01', ?, '2026.1', ?, ?)",
        ((c, f"青岛测试企业{i}有限公司", "ABCD"[i % 4], now, now) for i, c in enumerate(codes)))
    conn.executemany(
        "INSERT INTO notices (id, number, source_event_id, kind, uscc, department, title,"
        " summary, legal_basis, decision_basis, severity, penalty_kind, fine_yuan,"
        " ban_until, decided_on, publish_due, published_on, published_at, ends_on,"
        " repairable_from, period_rule, status, withdrawn_on, withdrawal_reason,"
        " takedown_due, record_id, reference, exposed, masked, details, created_at)"
        " VALUES (?, ?, ?, ?, ?, 'SCJG', '行政处罚决定：罚款 20,000 元', '', ?,"
        " '《中华人民共和国食品安全法》第一百二十四条', 'general', 'fine', 20000, NULL,"
        " '2026-10-01', '2026-10-13', '2026-10-02', ?, ?, NULL, 'SAMR-13-OTHER', ?, NULL,"
        " NULL, NULL, NULL, NULL, 0, '', '{}', ?)",
        ((str(uuid.UUID(int=pick.getrandbits(128))), n, f"bench-{n}", KINDS[n % 4],
          codes[pick.randrange(entities)], BASIS, now, "2029-10-02",
          "withdrawn" if n % 5 == 0 else "published", now) for n in range(1, notices + 1)))
    conn.execute("UPDATE notice_counter SET last = ?", (notices,))
    for _, sql in indexes:
        conn.execute(sql)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return pick.sample(codes, min(20_000, entities))


async def query_benchmark(bootstrap: str, entities: int = ENTITIES,
                          notices: int = NOTICES) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/public_notice.db"
        await asyncio.to_thread(upgrade, "public_notice", url)
        started = time.perf_counter()
        sample = await asyncio.to_thread(_fill, Path(tmp) / "public_notice.db", entities,
                                         notices)
        filled = time.perf_counter() - started
        queries, own, bare = (Path(tmp) / name for name in ("q.txt", "own.txt", "bare.txt"))
        queries.write_text("\n".join(f"/v1/entities/{c}/public" for c in sample), "utf-8")
        own.write_text("/healthz\n", "utf-8")
        bare.write_text("/hello\n", "utf-8")
        server = ["bench.public_notice", "serve", url, bootstrap]
        rounds = []
        for _ in range(ROUNDS):
            load = {"seconds": SECONDS, "connections": CONNECTIONS}
            port = free_port()
            query = await asyncio.to_thread(serve_and_load, [*server, str(port)], port,
                                            queries, **load)
            port = free_port()
            hello = await asyncio.to_thread(serve_and_load, [*server, str(port)], port,
                                            own, **load)
            port = free_port()
            plain = await asyncio.to_thread(serve_and_load, ["bench.check_servers", "hello",
                                                            str(port)], port, bare, **load)
            rounds.append((query["rps"] / hello["rps"], query, hello, plain))
    rounds.sort(key=lambda r: r[0])
    ratio, query, hello, plain = rounds[len(rounds) // 2]
    goals = (Goal("public credit query vs own hello", ratio, GOAL_RATIO, "%"),
             Goal("public credit query p99", query["p99_ms"], GOAL_P99_MS, "ms", at_least=False))
    return Outcome(f"public credit query: {query['rps']:,.0f} req/s vs the service's own "
                   f"hello-world "
                   f"{hello['rps']:,.0f} req/s = {ratio:.0%} (floor {GOAL_RATIO:.0%}; median of "
                   f"{ROUNDS} rounds: {', '.join(f'{r[0]:.0%}' for r in rounds)}), p99 "
                   f"{query['p99_ms']:.1f} ms (limit {GOAL_P99_MS:.0f} ms), {query['failures']} "
                   f"non-200; bare FastAPI hello-world {plain['rps']:,.0f} req/s = "
                   f"{query['rps'] / plain['rps']:.0%}; {entities:,} entities, {notices:,} notices "
                   f"(filled in {filled:.0f} s), {CONNECTIONS} connections", goals,
                   sound=query["failures"] == 0)


def _events(count: int) -> list[Envelope]:
    """Penalty records (four in five) and inspection results, over fresh entities."""
    codes = generate_many(count, seed=5105)
    made = []
    for n, uscc in enumerate(codes):
        if n % 5:
            payload: RecordAdded | InspectionResultRecorded = RecordAdded(
                record_id=f"bench-record-{n}", uscc=uscc, kind="administrative_penalty",
                severity="general", department=("SCJG", "STHJ", "JTYS")[n % 3],
                decided_on=TODAY - timedelta(days=n % 5), status="active", published=True,
                publicity_end=None, penalty_kind="fine", fine_yuan=Decimal(1000 * (n % 90 + 1)))
            source = "/jianguan/credit-rating"
        else:
            payload = InspectionResultRecorded(
                result_id=f"bench-result-{n}", visit_id=f"V-{n}", uscc=uscc,
                matter="SCJG-002", department="SCJG",
                result_category=ResultCategory.NO_PROBLEM_FOUND, recorded_on=TODAY)
            source = "/jianguan/inspection-draw"
        spec = type(payload).__event_spec__  # type: ignore[attr-defined]
        made.append(Envelope(source=source, type=spec.type, subject=uscc,
                             data=payload.model_dump(mode="json")))
    return made


async def _produce(bootstrap: str, count: int) -> None:
    """``count`` events on their topics (made and sent here, so that none of them is
    still held when the consumer starts)."""
    producer = new_producer(bootstrap)
    await producer.start()
    try:
        sent = [await producer.send(event.name, event.to_json(), key=event.subject.encode())
                for event in _events(count)]
        await asyncio.gather(*sent)
    finally:
        await producer.stop()


async def consumer_benchmark(count: int = EVENTS, rounds: int = CONSUMER_ROUNDS) -> Outcome:
    """The notice consumer ``rounds`` times, each on a broker of its own (its topics hold
    that round's events only) and a fresh database; the median round is reported."""
    results = []
    for _ in range(rounds):
        broker = EmbeddedBroker(port=free_port())
        await asyncio.to_thread(broker.start)
        try:
            results.append(await _consumer_round(broker.bootstrap, count))
        finally:
            await asyncio.to_thread(broker.stop)
    rate, published, announced = sorted(results)[len(results) // 2]
    return Outcome(f"notice consumer on SQLite: {rate:,.0f} events/s into published notices "
                   f"(floor {GOAL_EVENTS:,}; median of {rounds} rounds: "
                   f"{', '.join(f'{r[0]:,.0f}' for r in results)}; {count:,} events a round, "
                   f"{published:,} notices published, {announced:,} notice.published.v1 in "
                   f"the outbox, each audited)",
                   (Goal("notice consumer", rate, GOAL_EVENTS, "ev/s"),),
                   sound=all(p == a == count for _, p, a in results))


async def _consumer_round(bootstrap: str, count: int) -> tuple[float, int, int]:
    """One round: events/s, notices published, notice.published.v1 in the outbox."""
    run = uuid.uuid4().hex[:8]
    topics = {"credit.record.added.v1": 12, "inspection.result.recorded.v1": 12}
    config = TopicConfig(partitions=topics)
    await ensure_topics(bootstrap, [*topics, *(t + ".dlq" for t in topics)], config)
    await _produce(bootstrap, count)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/public_notice.db"
        await asyncio.to_thread(upgrade, "public_notice", url)
        ctx = build(Settings(database_url=url, kafka_bootstrap_servers=bootstrap))
        freeze_startup_objects()  # as the served process does once it has started
        bound = consumers.consumers.bind(ctx)
        subscriptions = Subscriptions(f"bench-public-notice-{run}",  # the service's, as bound
                                      {name: bound.handlers[name] for name in topics},
                                      read_ahead=bound.read_ahead)
        runner = ConsumerRunner(subscriptions, ctx.database, bootstrap, topic_config=config)
        runner.start()
        while runner.processed < 1:  # the group join is not what we time
            await asyncio.sleep(0.001)
        started = time.perf_counter()
        while runner.processed < count:
            await asyncio.sleep(0.005)
        rate = (runner.processed - 1) / (time.perf_counter() - started)
        await runner.stop()
        async with ctx.database.reader() as session:
            from sqlalchemy import text
            published = (await session.execute(text(
                "SELECT count(*) FROM notices WHERE status = 'published'"))).scalar_one()
            announced = (await session.execute(text(
                "SELECT count(*) FROM outbox WHERE topic = 'notice.published.v1'"))).scalar_one()
        await ctx.database.dispose()
    return rate, published, announced


async def run(bootstrap: str, entities: int = ENTITIES, notices: int = NOTICES,
              events: int = EVENTS) -> Outcome:
    """Both benchmarks; one line each, joined."""
    query = await query_benchmark(bootstrap, entities, notices)
    consumer = await consumer_benchmark(events)
    return Outcome(f"{query.line}\n     {consumer.line}", query.goals + consumer.goals,
                   sound=query.sound and consumer.sound)


def serve(url: str, bootstrap: str, port: int) -> None:
    """public-notice as the query benchmark serves it: quota lifted, nothing in the
    background (relay, consumers, sweeps, checkpoints off)."""
    from services.public_notice.app import create_app
    from shared.web.serving import serve as serve_app

    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap, port=port,
                        relay_enabled=False, consumers_enabled=False, expiry_sweep_seconds=0,
                        audit_checkpoint_seconds=0, query_requests=10**9)
    serve_app(create_app(settings), settings)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sizes = [int(arg) for arg in sys.argv[1:3]]
        broker = EmbeddedBroker(port=free_port())
        broker.start()
        try:
            line, passed = asyncio.run(run(broker.bootstrap, *sizes))
        finally:
            broker.stop()
        print(("PASS " if passed else "MISS ") + line)
