"""案件移送 benchmarks, on the embedded default (SQLite):

(a) transfer throughput through the API: ``POST /v1/cases/{id}/transfers`` (token, role and
    ownership checks, the case locked, the transfer and its deadline, the receiver's
    access, the record step, the audit entry and ``case.transferred.v1`` in the outbox)
    against the same server's own hello-world route (``GET /healthz``), one uvicorn
    process built by ``bootstrap.build``, both loaded in turn in the same run; goal ≥ 50%;
(b) the overdue sweep over 1,000,000 open deadlines, of which ``OVERDUE`` have just passed:
    the sweep that escalates them (one ``case.overdue.v1`` and one audit entry each)
    against a raw SQL count of the overdue rows on the same database; goal ≤ 2×.

The databases are filled with plain ``sqlite3`` (setup, not measured). The load for (a)
comes from a separate process (``bench.http_load``), each transfer on a case of its own.
Run the server alone with ``python -m bench.case_transfer serve PORT DATABASE_URL BOOTSTRAP``.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median

import httpx

from bench.http_load import _cpu_seconds
from shared.auth import TokenIssuer
from shared.clock import ShiftedClock
from shared.ids import new_ids
from shared.messaging.embedded_broker import free_port
from shared.migrations import upgrade
from shared.settings import REPO_ROOT, ServiceSettings

CASES_PER_ROUND = 65_000  # connection n starts at line n × 997: no two share a case
ROUNDS = 3
CONNECTIONS = 64
SECONDS = 3.0
GOAL_RATIO, GOAL_SWEEP = 0.5, 2.0
OPEN_ITEMS, OVERDUE = 1_000_000, 10_000
_NOW = "2026-11-24 16:05:00.000000"


def _fill_cases(path: Path, count: int) -> list[str]:
    """``count`` registered cases of SCJG, each with two investigators."""
    ids = new_ids(count)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executemany(
        "INSERT INTO cases (id, kind, stage, department, opened_by, party, uscc, title, facts,"
        " suspected_crime, source, investigators, opened_at, opened_on, registered_on,"
        " updated_at) VALUES (?, 'case', 'registered', 'SCJG', 'SCJG', 'entity', NULL,"
        " '销售超过保质期的食品', '货架上有过期牛奶', 0, 'manual', '[\"A-1\",\"A-2\"]', ?,"
        " '2026-11-25', '2026-11-25', ?)", ((i, _NOW, _NOW) for i in ids))
    conn.commit()
    conn.close()
    return ids


def _requests(folder: Path, name: str, ids: list[str]) -> Path:
    body = json.dumps({"to_department": "WSJK", "reasons": "属卫生健康部门职责",
                       "attachments": [{"kind": "referral", "title": "移送函",
                                        "sha256": "0" * 64}]}, ensure_ascii=False)
    path = folder / name
    path.write_text("\n".join(f"POST /v1/cases/{i}/transfers {body}" for i in ids),
                    encoding="utf-8")
    return path


def _load(port: int, requests: Path, seconds: float, header: str, server: int) -> dict:
    """One load of ``requests`` and the server's CPU per request (µs) meanwhile."""
    before = _cpu_seconds(server)
    out = subprocess.run([sys.executable, "-m", "bench.http_load", str(port), str(seconds),
                          str(CONNECTIONS), str(requests), header], check=True,
                         capture_output=True, text=True, cwd=REPO_ROOT)
    result = json.loads(out.stdout)
    result["server_cpu_us"] = (_cpu_seconds(server) - before) / max(result["requests"], 1) * 1e6
    return result


def _throughput(folder: Path, url: str, bootstrap: str) -> list[tuple[float, dict, dict]]:
    """Rounds of (transfer rps / hello rps, hello, transfers) on one server."""
    ids = _fill_cases(Path(url.split("///", 1)[1]), CASES_PER_ROUND * (ROUNDS + 1))
    token = TokenIssuer.from_settings(ServiceSettings()).issue("SCJG", roles=["officer"])
    header = f"Authorization: Bearer {token}"
    hello = folder / "hello.txt"
    hello.write_text("/healthz\n", encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bench.case_transfer", "serve", str(port),
                               url, bootstrap], cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        _load(port, hello, 1.0, header, server.pid)  # warm-up, on cases of its own
        _load(port, _requests(folder, "warm.txt", ids[:CASES_PER_ROUND]), 1.0, header,
              server.pid)
        rounds = []
        for n in range(1, ROUNDS + 1):
            cases = ids[n * CASES_PER_ROUND:(n + 1) * CASES_PER_ROUND]
            base = _load(port, hello, SECONDS, header, server.pid)
            moved = _load(port, _requests(folder, f"round{n}.txt", cases), SECONDS, header,
                          server.pid)
            rounds.append((moved["rps"] / base["rps"], base, moved))
        return rounds
    finally:
        server.terminate()
        server.wait(10)


def _wait(port: int) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the case-transfer server did not start")


async def run(bootstrap: str) -> tuple[str, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite+aiosqlite:///{folder / 'case_transfer.db'}"
        await asyncio.to_thread(upgrade, "case_transfer", url)
        rounds = await asyncio.to_thread(_throughput, folder, url, bootstrap)
        sweep = await sweep_against_count(folder / "sweep.db")
    ratio = median(r[0] for r in rounds)
    _, base, moved = min(rounds, key=lambda r: abs(r[0] - ratio))
    ok = ratio >= GOAL_RATIO and moved["failures"] == 0 and sweep.ratio <= GOAL_SWEEP
    return (
        f"case transfer: {moved['rps']:,.0f} transfers/s (p99 {moved['p99_ms']:.1f} ms, "
        f"{moved['failures']} non-2xx) vs its own hello-world {base['rps']:,.0f} req/s = "
        f"{ratio:.0%} (median of {ROUNDS}: {', '.join(f'{r[0]:.0%}' for r in rounds)}; "
        f"floor ≥ {GOAL_RATIO:.0%}); overdue sweep {sweep.line} = {sweep.ratio:.2f}× "
        f"(floor ≤ {GOAL_SWEEP:g}×)", ok)


def serve(port: int, url: str, bootstrap: str) -> None:
    import uvicorn

    from services.case_transfer.app import create_app
    from services.case_transfer.bootstrap import build
    from services.case_transfer.config import Settings

    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap)
    uvicorn.run(create_app(context=build(settings)), host="127.0.0.1", port=port,
                log_level="warning", access_log=False)


@dataclass(frozen=True)
class SweepFigures:
    seconds: float
    count_seconds: float
    escalated: int
    overdue_rows: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.count_seconds

    @property
    def line(self) -> str:
        return (f"over {OPEN_ITEMS:,} open deadlines: {self.escalated:,} escalated in "
                f"{self.seconds * 1000:.0f} ms vs a raw count of the {self.overdue_rows:,} "
                f"overdue rows in {self.count_seconds * 1000:.0f} ms")


OVERDUE_COUNT = ("SELECT count(*) FROM case_deadlines WHERE met_at IS NULL AND due_at <= ?")


def _fill_deadlines(path: Path) -> None:
    """``OPEN_ITEMS`` open deadlines on 10,000 cases, due over the 20 days after the sweep;
    ``OVERDUE`` of them passed an hour before it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    cases = new_ids(10_000)
    conn.executemany(
        "INSERT INTO cases (id, kind, stage, department, opened_by, party, title, facts,"
        " suspected_crime, source, investigators, opened_at, opened_on, updated_at) VALUES"
        " (?, 'case', 'registered', 'SCJG', 'SCJG', 'entity', 't', 'f', 0, 'manual', '[]', ?,"
        " '2026-11-25', ?)", ((i, _NOW, _NOW) for i in cases))
    swept = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    rows = []
    for n, item in enumerate(new_ids(OPEN_ITEMS)):
        due = swept - timedelta(hours=1) if n < OVERDUE else \
            swept + timedelta(seconds=1 + n * 20 * 86400 // OPEN_ITEMS)
        rows.append((item, cases[n % len(cases)], "transfer_acceptance", item, "WSJK", "SF",
                     _NOW, due.strftime("%Y-%m-%d %H:%M:%S.%f"), due.date().isoformat()))
    conn.executemany(
        "INSERT INTO case_deadlines (id, case_id, kind, subject_id, department, supervisor,"
        " opened_at, due_at, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()


async def sweep_against_count(path: Path) -> SweepFigures:
    """The service's sweep (``escalate_all``, built by ``bootstrap.build``) and a raw count
    of the overdue rows, on the same database; the count first (it warms the cache)."""
    from services.case_transfer.bootstrap import build
    from services.case_transfer.config import Settings
    from services.case_transfer.handlers.overdue import escalate_all

    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, "case_transfer", url)
    await asyncio.to_thread(_fill_deadlines, path)
    at = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    [(overdue_rows,)] = conn.execute(OVERDUE_COUNT, (at.strftime("%Y-%m-%d %H:%M:%S.%f"),))
    count_seconds = time.perf_counter() - started
    conn.close()
    ctx = build(Settings(database_url=url, relay_enabled=False), clock=ShiftedClock(at))
    try:
        started = time.perf_counter()
        escalated = await escalate_all(ctx)
        seconds = time.perf_counter() - started
    finally:
        await ctx.database.dispose()
    assert escalated == OVERDUE == overdue_rows, (escalated, overdue_rows)
    return SweepFigures(seconds, count_seconds, escalated, overdue_rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        print(asyncio.run(run(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:1")))
