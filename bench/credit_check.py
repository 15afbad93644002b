"""逢办必查 throughput: ``GET …/check`` against a bare FastAPI hello-world (goal ≥ 60%,
p99 ≤ 50 ms) at 64 connections, on a credit-rating database of 1,000,000 entities.

The registry is filled the way a real one looks, since an empty list hides a plan that
walks it: 5% of the entities carry a credit record, 5% stand on the 经营异常名录, 1% are
blacklisted and 3% watchlisted, every entity has its legal representative's ID hash, and
one person in ten stands behind a second entity. The checks sample every kind.

Both servers run the same way (uvicorn, one process, see ``check_servers``); the load
comes from a separate process (``http_load``). The database is filled with plain
``sqlite3`` (setup, not measured).

On 2 cores anything else running moves the figures, so the two servers take turns
for ``ROUNDS`` rounds and the round with the median ratio is reported.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import tempfile
from pathlib import Path

from bench.http_load import serve_and_load
from bench.outcome import Goal, Outcome
from shared.auth import TokenIssuer
from shared.messaging.embedded_broker import free_port
from shared.migrations import upgrade
from shared.settings import ServiceSettings
from shared.uscc import generate_many

ENTITIES = 1_000_000
CONNECTIONS = 64
SECONDS = 3.0
ROUNDS = 5
GOAL_RATIO, GOAL_P99_MS = 0.6, 50.0


def _fill(path: Path, *, lists: bool = True) -> list[str]:
    codes = generate_many(ENTITIES, seed=6)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    now = "2026-11-22 00:00:00.000000"
    conn.executemany(
        "INSERT INTO entities (uscc, name, legal_representative, registered_address, region,"
        " industry, established_on, new_economy, created_at, updated_at)"
        " VALUES (?, ?, '张三', '青岛市黄岛区', '370211', 'C1391', '2015-03-01', 0, ?, ?)",
        ((c, f"青岛测试企业{i}有限公司", now, now) for i, c in enumerate(codes)),
    )
    conn.executemany(
        "INSERT INTO entity_grades (uscc, grade, label, score, rule_version, no_penalty_3y,"
        " factors, computed_at) VALUES (?, 'A', '诚信守法', 100.0, '2026.1', 1, '[]', ?)",
        ((c, now) for c in codes),
    )
    conn.executemany(
        "INSERT INTO credit_records (id, uscc, kind, severity, department, legal_basis,"
        " decided_on, status, published, created_at) VALUES (?, ?, 'inspection_result',"
        " 'minor', 'SCJG', '抽查', '2026-10-01', 'active', 0, ?)",
        ((f"r{i}", c, now) for i, c in enumerate(codes[::20])),
    )
    if lists:
        _fill_lists(conn, codes, now)
    conn.commit()
    conn.close()
    return random.Random(1).sample(codes, 20_000)


def _fill_lists(conn: sqlite3.Connection, codes: list[str], now: str) -> None:
    """The abnormal list, the blacklist and watchlist, and the persons behind entities.

    The listings are stored states with no records behind them (a window that has ended
    since): the check reassesses each listed entity on every call as it must, and finds
    it no longer listed."""
    pick = random.Random(7)
    conn.executemany(
        "INSERT INTO abnormal_listings (id, uscc, department, reason, listed_on, created_at)"
        " VALUES (?, ?, 'SCJG', '未按规定公示年度报告', '2025-06-30', ?)",
        ((f"a{i}", c, now) for i, c in enumerate(pick.sample(codes, len(codes) // 20))))
    for kind, share in (("blacklist", 100), ("watchlist", 33)):
        conn.executemany(
            "INSERT INTO credit_list_entries (uscc, list_kind, listed, reason, record_ids,"
            " listed_since, updated_at) VALUES (?, ?, 1, '抽查发现严重违法', '[]',"
            " '2026-10-01', ?)",
            ((c, kind, now) for c in pick.sample(codes, len(codes) // share)))
    people = len(codes)
    conn.executemany(
        "INSERT INTO entity_person_ids (uscc, person_hash, role, created_at)"
        " VALUES (?, ?, 'legal_representative', ?)",
        ((c, f"{i if pick.random() > 0.1 else pick.randrange(people):064x}", now)
         for i, c in enumerate(codes)))


async def run(bootstrap: str) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "credit_rating.db"
        url = f"sqlite+aiosqlite:///{db}"
        await asyncio.to_thread(upgrade, "credit_rating", url)
        sample = await asyncio.to_thread(_fill, db)
        check_paths, hello_paths = Path(tmp) / "check.txt", Path(tmp) / "hello.txt"
        check_paths.write_text(
            "\n".join(f"/v1/entities/{c}/check?matter=food_safety" for c in sample),
            encoding="utf-8",
        )
        hello_paths.write_text("/hello\n", encoding="utf-8")
        token = TokenIssuer.from_settings(ServiceSettings()).issue("XZSP")
        rounds = []
        for _ in range(ROUNDS):
            port = free_port()
            hello = await asyncio.to_thread(
                serve_and_load, ["bench.check_servers", "hello", str(port)], port,
                hello_paths, seconds=SECONDS, connections=CONNECTIONS,
            )
            port = free_port()
            check = await asyncio.to_thread(
                serve_and_load, ["bench.check_servers", "credit", str(port), url, bootstrap],
                port, check_paths, seconds=SECONDS, connections=CONNECTIONS,
                header=f"Authorization: Bearer {token}",
            )
            rounds.append((check["rps"] / hello["rps"], hello, check))
    rounds.sort(key=lambda r: r[0])
    ratio, hello, check = rounds[len(rounds) // 2]
    goals = (Goal("逢办必查 vs hello-world", ratio, GOAL_RATIO, "%"),
             Goal("逢办必查 p99", check["p99_ms"], GOAL_P99_MS, "ms", at_least=False))
    return Outcome(
        f"credit check: {check['rps']:,.0f} req/s (p99 {check['p99_ms']:.1f} ms, "
        f"{check['failures']} non-200) vs hello-world {hello['rps']:,.0f} req/s = "
        f"{ratio:.0%} (median of {ROUNDS} rounds: "
        f"{', '.join(f'{r[0]:.0%}' for r in rounds)}; goal ≥ {GOAL_RATIO:.0%}, "
        f"p99 ≤ {GOAL_P99_MS:.0f} ms; {ENTITIES:,} entities, {CONNECTIONS} connections; "
        f"server CPU per request {check['server_cpu_us']:,.0f} vs "
        f"{hello['server_cpu_us']:,.0f} µs)",
        goals, sound=check["failures"] == 0)
