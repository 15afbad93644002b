"""投诉举报 benchmarks, on a complaint-intake database of 1,000,000 stored complaints:

(a) public intake throughput: ``POST /v1/complaints`` (validation, entity lookup,
    duplicate check, AES-GCM sealing of the reporter, blind index, audit, two outbox
    events) against a bare FastAPI hello-world, both served by uvicorn in one process
    (``bench.check_servers hello`` and this module's ``serve``); goal ≥ 40%;
(b) the duplicate check alone (the candidate lookup with confirmation, and the MinHash
    signature of the new text where the entity has a flood: ``handlers.duplicates.first_of``),
    p99 over a mix of ordinary entities, new entities and one entity with 5,000
    complaints in the window; goal ≤ 50 ms.

The database is filled with plain ``sqlite3`` (setup, not measured). The load for (a)
comes from a separate process (``bench.http_load``: GET for the hello-world, a POST
body per request for the intake).
The intake's per-address rate limit is lifted for the run.

The line also names the floor (``bench.intake_floor``): raw ``sqlite3`` doing only the
reads and writes of the run's filings, on a copy of the database taken before it, and
the ratio a server would reach if a filing cost only hello-world's CPU plus that.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.http_load import serve_and_load
from bench.intake_floor import database_us_per_filing
from services.complaint_intake.bootstrap import IntakeContext, build
from services.complaint_intake.config import Settings
from services.complaint_intake.domain.duplicates import (
    FiledComplaint,
    bucket_keys,
    pack_buckets,
)
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.duplicates import first_of
from shared.messaging.embedded_broker import free_port
from shared.migrations import upgrade
from shared.uscc import generate_many
from shared.web.serving import serve as serve_app

COMPLAINTS = 1_000_000
ENTITIES = 100_000
HOT_ENTITY_COMPLAINTS = 5_000
CATEGORIES = ("food_safety", "pricing", "product_quality", "advertising", "consumer_rights")
CONNECTIONS = 32
SECONDS = 5.0
CHECKS = 2_000
GOAL_RATIO, GOAL_P99_MS = 0.4, 50.0
_PLACES = ("超市", "餐馆", "药店", "加油站", "健身房", "培训机构", "手机店", "理发店", "面包房",
           "酒店")
_WRONGS = ("销售过期食品", "价格欺诈", "虚假宣传", "缺斤短两", "拒绝退款", "卫生条件差", "无证经营",
           "以次充好", "强制消费", "不开发票")
_DETAILS = ("多次交涉无果", "店员态度恶劣", "已保留票据", "涉及多名消费者", "要求依法处理",
            "持续一个多月", "周末尤其严重", "有视频为证", "已向平台反映", "希望尽快核查")


def _text(rng: random.Random) -> str:
    return (f"{rng.choice(_PLACES)}{rng.choice(_WRONGS)}，{rng.choice(_DETAILS)}，"
            f"{rng.choice(_DETAILS)}，编号{rng.randrange(10**6)}。")


def context(database_url: str, **settings: Any) -> IntakeContext:
    """The intake's context as the served app builds it (its rules, its clock)."""
    return build(Settings(database_url=database_url, **settings))


def _fill(path: Path, rules: ComplaintRules, today: date) -> tuple[list[str], str]:
    """1,000,000 complaints over 100,000 entities in the year to ``today`` (one entity
    with 5,000 in the last month); returns the entities and the hot one."""
    rng = random.Random(7)
    texts = [_text(rng) for _ in range(2000)]
    signatures = [pack_buckets(bucket_keys(text, rules)) for text in texts]
    codes = generate_many(ENTITIES, seed=11, region="370211")
    hot = codes[0]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")

    def rows():  # type: ignore[no-untyped-def]
        for i in range(COMPLAINTS):
            entity = hot if i < HOT_ENTITY_COMPLAINTS else codes[i % ENTITIES]
            day = (today - timedelta(days=rng.randrange(30 if entity == hot else 365)))
            day = day.isoformat()
            n = rng.randrange(len(texts))
            yield (f"bench-{i:09d}", f"{i:016d}", CATEGORIES[i % 5] if entity != hot
                   else "food_safety", entity, texts[n], signatures[n], f"{day} 02:00:00",
                   day)

    conn.executemany(
        "INSERT INTO complaints (id, receipt_code, kind, channel, status, category, region,"
        " department, entity_key, description, attachments, buckets, received_at,"
        " received_on, duplicates, channels, misroutes, internal_whistleblower,"
        " reporter_standing, filed_by, updated_at, uscc) VALUES (?1, ?2, 'complaint',"
        " 'public', 'received', ?3, '370211', 'SCJG', ?4, ?5, '[]', ?6, ?7, ?8, 0,"
        " '[\"public\"]', 0, 0, 'ok', 'bench', ?7, ?4)", rows())
    conn.commit()
    conn.close()
    return codes, hot


async def _duplicate_check_p99(ctx: IntakeContext, codes: list[str], hot: str) -> float:
    rng, today = random.Random(3), ctx.clock.today()
    fresh = generate_many(CHECKS, seed=12, region="370283")
    timings = []
    for i in range(CHECKS):
        entity = hot if i % 10 == 0 else fresh[i] if i % 10 == 1 else rng.choice(codes)
        category = "food_safety" if entity == hot else rng.choice(CATEGORIES)
        text = _text(rng)
        started = time.perf_counter()
        await first_of(ctx.database, FiledComplaint(entity, category, today, text,
                                                    "complaint"), ctx.rules)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[int(len(timings) * 0.99)] * 1000


def _bodies(path: Path, codes: list[str]) -> None:
    rng = random.Random(5)
    with path.open("w", encoding="utf-8") as out:
        for i in range(20_000):
            body = {"kind": "report" if i % 4 == 0 else "complaint",
                    "subject": {"uscc": rng.choice(codes)}, "category": rng.choice(CATEGORIES),
                    "description": _text(rng),
                    "reporter": {"name": "张三", "phone": f"139{rng.randrange(10**8):08d}",
                                 "id_number": f"370211198506{rng.randrange(10**6):06d}"}}
            out.write(f"POST /v1/complaints {json.dumps(body, ensure_ascii=False)}\n")


async def run(bootstrap: str) -> tuple[str, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "complaint_intake.db"
        url = f"sqlite+aiosqlite:///{db}"
        await asyncio.to_thread(upgrade, "complaint_intake", url)
        ctx = context(url)
        try:
            codes, hot = await asyncio.to_thread(_fill, db, ctx.rules, ctx.clock.today())
            p99 = await _duplicate_check_p99(ctx, codes, hot)
        finally:
            await ctx.database.dispose()
        hello_paths, bodies = Path(tmp) / "hello.txt", Path(tmp) / "bodies.jsonl"
        hello_paths.write_text("/hello\n", encoding="utf-8")
        _bodies(bodies, codes)
        before = Path(tmp) / "before.db"  # for the floor: the database before the load
        await asyncio.to_thread(shutil.copyfile, db, before)
        port = free_port()
        hello = await asyncio.to_thread(
            serve_and_load, ["bench.check_servers", "hello", str(port)], port, hello_paths,
            seconds=SECONDS, connections=CONNECTIONS)
        intake = await asyncio.to_thread(
            serve_and_load, ["bench.complaint_intake", "serve", str(port), url, bootstrap],
            port, bodies, seconds=SECONDS, connections=CONNECTIONS)
        floor_us = await asyncio.to_thread(database_us_per_filing, db, before, CONNECTIONS,
                                           ctx.rules)
    ratio = intake["rps"] / hello["rps"]
    # a server whose filings cost only hello-world's HTTP work and the raw database work
    ceiling = hello["server_cpu_us"] / (hello["server_cpu_us"] + floor_us)
    ok = ratio >= GOAL_RATIO and p99 <= GOAL_P99_MS and intake["failures"] == 0
    return (
        f"complaint intake: {intake['rps']:,.0f} POST/s (p99 {intake['p99_ms']:.1f} ms, "
        f"{intake['failures']} non-201) vs hello-world {hello['rps']:,.0f} req/s = "
        f"{ratio:.0%} (goal ≥ {GOAL_RATIO:.0%}; server CPU per request "
        f"{intake['server_cpu_us']:,.0f} vs {hello['server_cpu_us']:,.0f} µs); "
        f"floor: raw sqlite3 of the same reads and writes takes {floor_us:,.0f} µs per "
        f"filing, so hello-world's work plus that alone would be {ceiling:.0%}; "
        f"duplicate check p99 {p99:.1f} ms "
        f"(goal ≤ {GOAL_P99_MS:.0f} ms; {COMPLAINTS:,} complaints, {CONNECTIONS} connections)",
        ok,
    )


def serve(port: int, database_url: str, bootstrap: str) -> None:
    """The intake app as uvicorn serves it, the per-address limit lifted for the run."""
    from services.complaint_intake.app import create_app

    app = create_app(context=context(database_url, kafka_bootstrap_servers=bootstrap,
                                     public_intake_requests=10**9, overdue_sweep_seconds=0))
    serve_app(app, app.state.settings, port=port)  # as jianguan serve does


if __name__ == "__main__":
    # python -m bench.complaint_intake serve PORT DATABASE_URL BOOTSTRAP
    serve(int(sys.argv[2]), sys.argv[3], sys.argv[4])
