"""案件移送 benchmarks, on the embedded default (SQLite):

(a) transfer throughput through the API: ``POST /v1/cases/{id}/transfers`` (token, role and
    ownership checks, the case locked, the transfer and its deadline, the receiver's
    access, the record step, the audit entry and ``case.transferred.v1`` in the outbox)
    against the same server's own hello-world route (``GET /healthz``), one uvicorn
    process built by ``bootstrap.build``, both loaded in turn in the same run; goal ≥ 50%;
(b) the overdue sweep over 1,000,000 open deadlines, of which ``OVERDUE`` (0.2%) have
    passed since the last sweep: the sweep that escalates them (one ``case.overdue.v1``
    and one audit entry each) against a raw SQL count of the overdue rows on the same
    database; goal ≤ 2×. The raw count reads every open row (no index serves it), the
    sweep only the newly overdue ones (a partial index): the ratio grows with the share
    that passed at once, so a backlog of ``BATCH_OVERDUE`` (2%) is reported beside it.

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
from bench.outcome import Goal, Outcome
from shared.auth import TokenIssuer
from shared.clock import ShiftedClock
from shared.ids import new_ids
from shared.messaging.embedded_broker import free_port
from shared.migrations import upgrade
from shared.settings import REPO_ROOT, ServiceSettings
from shared.web.serving import serve as serve_app

CASES_PER_ROUND = 65_000  # connection n starts at line n × 997: no two share a case
ROUNDS = 3
CONNECTIONS = 64
SECONDS = 3.0
GOAL_RATIO, GOAL_SWEEP = 0.5, 2.0
OPEN_ITEMS = 1_000_000
OVERDUE = 2_000  # passed since the last sweep: a periodic sweep's share (0.2%)
BATCH_OVERDUE = 20_000  # a backlog passing at once (2%), reported beside it
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


async def run(bootstrap: str) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite+aiosqlite:///{folder / 'case_transfer.db'}"
        await asyncio.to_thread(upgrade, "case_transfer", url)
        rounds = await asyncio.to_thread(_throughput, folder, url, bootstrap)
        periodic, backlog = await sweeps_against_counts(folder / "sweep.db")
    ratio = median(r[0] for r in rounds)
    _, base, moved = min(rounds, key=lambda r: abs(r[0] - ratio))
    goals = (Goal("transfers vs own hello-world", ratio, GOAL_RATIO, "%"),
             Goal("overdue sweep vs raw count", periodic.ratio, GOAL_SWEEP, "×", at_least=False))
    return Outcome(
        f"case transfer: {moved['rps']:,.0f} transfers/s (p99 {moved['p99_ms']:.1f} ms, "
        f"{moved['failures']} non-2xx) vs its own hello-world {base['rps']:,.0f} req/s = "
        f"{ratio:.0%} (median of {ROUNDS}: {', '.join(f'{r[0]:.0%}' for r in rounds)}; "
        f"floor ≥ {GOAL_RATIO:.0%}; server CPU per request {moved['server_cpu_us']:.0f} vs "
        f"{base['server_cpu_us']:.0f} µs); overdue sweep over {OPEN_ITEMS:,} open deadlines: "
        f"{periodic.line()} (floor ≤ {GOAL_SWEEP:g}×); a backlog: {backlog.line()}", goals,
        sound=moved["failures"] == 0)


def serve(port: int, url: str, bootstrap: str) -> None:
    from services.case_transfer.app import create_app
    from services.case_transfer.bootstrap import build
    from services.case_transfer.config import Settings

    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap)
    serve_app(create_app(context=build(settings)), settings, port=port)  # as jianguan serve


@dataclass(frozen=True)
class SweepFigures:
    """One sweep and a raw count of the overdue rows at the same moment."""

    escalated: int
    seconds: float
    overdue_rows: int
    count_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.count_seconds

    def line(self) -> str:
        return (f"{self.escalated:,} escalated in {self.seconds * 1000:.0f} ms vs a raw count "
                f"of the {self.overdue_rows:,} overdue rows in {self.count_seconds * 1000:.0f} "
                f"ms = {self.ratio:.2f}×")


OVERDUE_COUNT = "SELECT count(*) FROM case_deadlines WHERE met_at IS NULL AND due_at <= ?"
FIRST_SWEEP = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
SECOND_SWEEP = FIRST_SWEEP + timedelta(hours=6)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def _fill_deadlines(path: Path) -> None:
    """``OPEN_ITEMS`` open deadlines on 10,000 cases: ``OVERDUE`` passed an hour before the
    first sweep, ``BATCH_OVERDUE`` an hour before the second, the rest due over the 20
    days after it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    cases = new_ids(10_000)
    conn.executemany(
        "INSERT INTO cases (id, kind, stage, department, opened_by, party, title, facts,"
        " suspected_crime, source, investigators, opened_at, opened_on, updated_at) VALUES"
        " (?, 'case', 'registered', 'SCJG', 'SCJG', 'entity', 't', 'f', 0, 'manual', '[]', ?,"
        " '2026-11-25', ?)", ((i, _NOW, _NOW) for i in cases))
    rows, later = [], OPEN_ITEMS - OVERDUE - BATCH_OVERDUE
    for n, item in enumerate(new_ids(OPEN_ITEMS)):
        if n < OVERDUE:
            due = FIRST_SWEEP - timedelta(hours=1)
        elif n < OVERDUE + BATCH_OVERDUE:
            due = SECOND_SWEEP - timedelta(hours=1)
        else:
            due = SECOND_SWEEP + timedelta(hours=1, seconds=(n % later) * 20 * 86400 // later)
        rows.append((item, cases[n % len(cases)], "transfer_acceptance", item, "WSJK", "SF",
                     _NOW, _stamp(due), due.date().isoformat()))
    conn.executemany(
        "INSERT INTO case_deadlines (id, case_id, kind, subject_id, department, supervisor,"
        " opened_at, due_at, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()


def _count(path: Path, at: datetime) -> tuple[int, float]:
    """The raw count of the overdue rows at ``at`` (``sqlite3``, the best of three: the
    table read from the page cache, not the disk)."""
    conn = sqlite3.connect(path)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        [(overdue_rows,)] = conn.execute(OVERDUE_COUNT, (_stamp(at),))
        timings.append(time.perf_counter() - started)
    conn.close()
    return overdue_rows, min(timings)


async def sweeps_against_counts(path: Path) -> list[SweepFigures]:
    """The service's sweep (``escalate_all``, built by ``bootstrap.build``) at two moments,
    each against a raw count of the overdue rows then, on the same database."""
    from services.case_transfer.bootstrap import build
    from services.case_transfer.config import Settings
    from services.case_transfer.handlers.overdue import escalate_all

    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, "case_transfer", url)
    await asyncio.to_thread(_fill_deadlines, path)
    clock = ShiftedClock(FIRST_SWEEP)
    ctx = build(Settings(database_url=url, relay_enabled=False), clock=clock)
    figures = []
    try:
        for at in (FIRST_SWEEP, SECOND_SWEEP):
            clock.advance(max(at - clock.now(), timedelta()))
            overdue_rows, count_seconds = await asyncio.to_thread(_count, path, at)
            started = time.perf_counter()
            escalated = await escalate_all(ctx)
            figures.append(SweepFigures(escalated, time.perf_counter() - started,
                                        overdue_rows, count_seconds))
    finally:
        await ctx.database.dispose()
    assert [f.escalated for f in figures] == [OVERDUE, BATCH_OVERDUE], figures
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        print(asyncio.run(run(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:1")))
