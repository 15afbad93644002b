"""投诉举报 benchmarks, on a complaint-intake database of 1,000,000 stored complaints, the
service served as deployed (``jianguan serve --role web`` and ``--role worker``: uvicorn,
one web process answering the requests, one worker process running the intake worker
and the outbox relay, on the same database):

(a) public intake: ``POST /v1/complaints`` (validation, AES-GCM sealing of the reporter,
    blind indexes, one insert in a group commit, the receipt code) against the same
    server's own hello-world route (``/healthz``) in the same run; goal ≥ 40%;
(b) processing: the run's filings fully processed (matched, routed, duplicates,
    deadlines, audit, two outbox events each) per second, from the first one accepted
    to the last one's commit by the worker (timestamps the database keeps), against
    (a)'s rate; goal ≥ 80%, and every filing accepted becomes one complaint;
(c) the duplicate check alone (``handlers.duplicates.first_of``), p99 over ordinary
    entities, new entities and one entity with 5,000 complaints in the window; ≤ 50 ms.

Each line names its floor (``bench.intake_floor``): raw ``sqlite3`` doing only the
database work of the run's filings, on a copy of the database taken before it.

A burst of 100,000 filings and its backlog: ``python -m bench.intake_burst [N]``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.intake_data import (
    CATEGORIES,
    COMPLAINTS,
    complaint_text,
    filing_requests,
    fill_complaints,
)
from bench.intake_floor import database_floor
from bench.outcome import Goal, Outcome
from services.complaint_intake.bootstrap import IntakeContext, build
from services.complaint_intake.config import Settings
from services.complaint_intake.domain.duplicates import FiledComplaint
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.duplicates import first_of
from shared.messaging.embedded_broker import free_port
from shared.migrations import upgrade
from shared.settings import REPO_ROOT
from shared.uscc import generate_many
from shared.web.serving import serve as serve_app

CONNECTIONS, SECONDS, CHECKS, BURST = 32, 5.0, 2_000, 100_000
GOAL_RATIO, GOAL_PROCESSED, GOAL_P99_MS = 0.4, 0.8, 50.0
WORKER_BATCH = Settings.model_fields["filing_batch"].default


def context(database_url: str, **settings: Any) -> IntakeContext:
    """The intake's context as the served app builds it (its rules, its clock)."""
    return build(Settings(database_url=database_url, **settings))


async def _duplicate_check_p99(ctx: IntakeContext, codes: list[str], hot: str) -> float:
    rng, today = random.Random(3), ctx.clock.today()
    fresh = generate_many(CHECKS, seed=12, region="370283")
    timings = []
    for i in range(CHECKS):
        entity = hot if i % 10 == 0 else fresh[i] if i % 10 == 1 else rng.choice(codes)
        category = "food_safety" if entity == hot else rng.choice(CATEGORIES)
        text = complaint_text(rng)
        started = time.perf_counter()
        await first_of(ctx.database, FiledComplaint(entity, category, today, text,
                                                    "complaint"), ctx.rules)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[int(len(timings) * 0.99)] * 1000


async def _setup(tmp: Path) -> tuple[Path, str, list[str], float, ComplaintRules]:
    """The filled database, its URL, the entities, the duplicate check's p99 and rules."""
    db = tmp / "complaint_intake.db"
    url = f"sqlite+aiosqlite:///{db}"
    await asyncio.to_thread(upgrade, "complaint_intake", url)
    ctx = context(url)
    try:
        codes, hot = await asyncio.to_thread(fill_complaints, db, ctx.rules, ctx.clock.today())
        p99 = await _duplicate_check_p99(ctx, codes, hot)
    finally:
        await ctx.database.dispose()
    return db, url, codes, p99, ctx.rules


@contextmanager
def _served(url: str, bootstrap: str):  # type: ignore[no-untyped-def]
    """The intake as deployed: a web process and a worker process of the same service on
    the same database (``--role web`` / ``--role worker``): (web port, web pid, worker
    pid)."""
    processes = []
    try:
        for role in ("web", "worker"):
            port = free_port()
            processes.append((port, subprocess.Popen(
                [sys.executable, "-m", "bench.complaint_intake", "serve", str(port), url,
                 bootstrap, role], cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)))
            _wait_healthy(port)
        (port, web), (_, worker) = processes
        yield port, web.pid, worker.pid
    finally:
        for _, process in processes:
            process.terminate()
        for _, process in processes:
            process.wait(10)


def _wait_healthy(port: int) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)


def _load(port: int, requests: Path, seconds: float, pid: int) -> dict:
    before = _cpu_seconds(pid)
    out = subprocess.run([sys.executable, "-m", "bench.http_load", str(port), str(seconds),
                          str(CONNECTIONS), str(requests)], check=True, capture_output=True,
                         text=True, cwd=REPO_ROOT)
    result = json.loads(out.stdout)
    result["server_cpu_us"] = (_cpu_seconds(pid) - before) / max(result["requests"], 1) * 1e6
    return result


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _one(db: Path, sql: str, *args: object) -> Any:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql, args).fetchone()[0]


def _drained(db: Path, timeout: float = 900.0) -> None:
    deadline = time.monotonic() + timeout
    while _one(db, "SELECT count(*) FROM filings"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"filings still waiting after {timeout:.0f} s")
        time.sleep(0.05)


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def processed_since(db: Path, since: datetime) -> tuple[int, int, float]:
    """Public filings received since ``since``: complaints made, received events, and
    seconds from the first accepted to the last one's commit by the worker."""
    after = since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLite keeps it
    made = _one(db, "SELECT count(*) FROM complaints WHERE filed_by = 'public' AND "
                "received_at >= ?", after)
    events = _one(db, "SELECT count(*) FROM outbox o JOIN complaints c ON c.id = o.key "
                  "WHERE o.topic = 'complaint.received.v1' AND c.received_at >= ?", after)
    first = _one(db, "SELECT min(received_at) FROM complaints WHERE filed_by = 'public' "
                 "AND received_at >= ?", after)
    last = _one(db, "SELECT max(at) FROM audit_log WHERE action = 'complaint.received' "
                "AND at >= ?", after)
    return made, events, (_stamp(last) - _stamp(first)).total_seconds()


def _throughput(db: Path, url: str, bootstrap: str, hello: Path, bodies: Path) -> dict:
    with _served(url, bootstrap) as (port, pid, worker):
        _load(port, hello, 1.0, pid)  # warm-up
        _load(port, bodies, 1.0, pid)
        _drained(db)
        own = _load(port, hello, SECONDS, pid)
        since, worker_cpu = datetime.now(UTC), _cpu_seconds(worker)
        intake = _load(port, bodies, SECONDS, pid)
        backlog = _one(db, "SELECT count(*) FROM filings")
        _drained(db)
        worker_cpu = _cpu_seconds(worker) - worker_cpu
    made, events, seconds = processed_since(db, since)
    acked = intake["requests"] - intake["failures"]
    return {"own": own, "intake": intake, "backlog": backlog, "made": made,
            "events": events, "processed_rps": made / seconds, "whole": made == events == acked,
            "worker_cpu_us": worker_cpu / max(made, 1) * 1e6}


async def run(bootstrap: str) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, url, codes, p99, rules = await _setup(folder)
        hello, bodies = folder / "hello.txt", folder / "bodies.jsonl"
        hello.write_text("/healthz\n", encoding="utf-8")
        filing_requests(bodies, codes)
        before = folder / "before.db"  # for the floor: the database before the load
        await asyncio.to_thread(shutil.copyfile, db, before)
        got = await asyncio.to_thread(_throughput, db, url, bootstrap, hello, bodies)
        floor = await asyncio.to_thread(database_floor, db, before, CONNECTIONS,
                                        WORKER_BATCH, rules)
    own, intake = got["own"], got["intake"]
    ratio, processed = intake["rps"] / own["rps"], got["processed_rps"] / intake["rps"]
    # a server whose filings cost only its hello-world's work and the raw inserts
    ceiling = own["server_cpu_us"] / (own["server_cpu_us"] + floor.accept_us)
    goals = (Goal("public intake vs its own hello-world", ratio, GOAL_RATIO, "%"),
             Goal("filings processed vs accepted per second", processed, GOAL_PROCESSED, "%"),
             Goal("duplicate check p99", p99, GOAL_P99_MS, "ms", at_least=False))
    return Outcome(
        f"complaint intake: {intake['rps']:,.0f} POST/s (p99 {intake['p99_ms']:.1f} ms, "
        f"{intake['failures']} non-201; server CPU {intake['server_cpu_us']:,.0f} µs each) "
        f"vs its own hello-world {own['rps']:,.0f} req/s ({own['server_cpu_us']:,.0f} µs) "
        f"= {ratio:.0%} (goal ≥ {GOAL_RATIO:.0%}); floor: raw sqlite3 inserts a filing in "
        f"{floor.accept_us:,.0f} µs, so hello-world's work plus that alone would be "
        f"{ceiling:.0%}\n     processed: {got['processed_rps']:,.0f} filings/s from the "
        f"first accepted to the last committed = {processed:.0%} of intake (goal ≥ "
        f"{GOAL_PROCESSED:.0%}); {got['made']:,} accepted, {got['made']:,} complaints, "
        f"{got['events']:,} received events{'' if got['whole'] else ' (MISMATCH)'}, "
        f"{got['backlog']:,} waiting when the load stopped; worker process CPU "
        f"{got['worker_cpu_us']:,.0f} µs each; floor: raw sqlite3 does the "
        f"worker's reads and writes in {floor.process_us:,.0f} µs per filing "
        f"({1e6 / floor.process_us:,.0f}/s)\n     duplicate check p99 {p99:.1f} ms (goal ≤ "
        f"{GOAL_P99_MS:.0f} ms; {COMPLAINTS:,} complaints, {CONNECTIONS} connections)",
        goals, sound=intake["failures"] == 0 and got["whole"])


def serve(port: int, database_url: str, bootstrap: str, role: str = "all") -> None:
    """The intake app in ``role`` as ``jianguan serve --role`` serves it, the per-address
    limit lifted."""
    from services.complaint_intake.app import create_app

    app = create_app(context=context(database_url, kafka_bootstrap_servers=bootstrap,
                                     public_intake_requests=10**9, overdue_sweep_seconds=0,
                                     role=role))
    serve_app(app, app.state.settings, port=port)


if __name__ == "__main__":
    # python -m bench.complaint_intake serve PORT DATABASE_URL BOOTSTRAP [ROLE]
    if sys.argv[1:2] != ["serve"]:
        sys.exit("usage: python -m bench.complaint_intake serve PORT DATABASE_URL BOOTSTRAP "
                 "[all|web|worker]")
    serve(int(sys.argv[2]), sys.argv[3], sys.argv[4], *sys.argv[5:6])
