"""``jianguan serve complaint-intake`` SIGKILLed with 400 filings acknowledged (201) and
not yet processed, then twice while its intake worker works through them, and started
again: every acknowledged filing becomes one complaint with one history step, one
audit entry and its events once; nothing is left waiting."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from services.complaint_intake.bootstrap import build
from services.complaint_intake.models import AcceptedFiling, Complaint
from shared.messaging.embedded_broker import free_port
from shared.settings import REPO_ROOT
from tests.clock import START, service_clock
from tests.integration.complaint_intake.conftest import filing, settings_for
from tests.integration.complaint_intake.exactly_once import problems, rows_per_filing

FILINGS = 400


class Served:
    """The service in a process of its own, as ``jianguan serve`` runs it."""

    def __init__(self, url: str, log: Path) -> None:
        self.port, self.log = free_port(), log
        self.env = {**{k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")},
                    "COMPLAINT_INTAKE_DATABASE_URL": url,
                    "COMPLAINT_INTAKE_PORT": str(self.port),
                    "COMPLAINT_INTAKE_RELAY_ENABLED": "false",
                    "COMPLAINT_INTAKE_CONSUMERS_ENABLED": "false",
                    "COMPLAINT_INTAKE_OVERDUE_SWEEP_SECONDS": "0",
                    "COMPLAINT_INTAKE_PUBLIC_INTAKE_REQUESTS": "100000",
                    "COMPLAINT_INTAKE_FILING_BATCH": "2",  # a long drain to be killed in
                    "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1",
                    "JIANGUAN_CLOCK_START": START.isoformat()}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jianguan.cli", "serve", "complaint-intake",
                 "--no-migrate"], env=self.env, stdout=out, stderr=subprocess.STDOUT,
                cwd=REPO_ROOT, start_new_session=True)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no rollback but the database's own."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    async def ready(self) -> None:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(timeout=2.0) as client:
            while time.monotonic() < deadline:
                assert self.process is not None and self.process.poll() is None, \
                    self.log.read_text()[-3000:]
                try:
                    if (await client.get(f"http://127.0.0.1:{self.port}/healthz")
                            ).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("complaint-intake did not start")


async def test_a_worker_killed_mid_backlog_loses_and_doubles_no_filing(database, tmp_path):
    served = Served(database, tmp_path / "complaint-intake.log")
    ctx = build(settings_for(database), clock=service_clock())

    async def waiting() -> int:
        async with ctx.database.reader() as session:
            return await session.scalar(select(func.count()).select_from(AcceptedFiling))

    acknowledged: list[str] = []
    backlog_at_kills = []
    try:
        served.env["COMPLAINT_INTAKE_FILING_WORKER"] = "false"  # first a backlog
        served.start()
        await served.ready()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{served.port}",
                                     timeout=5.0) as client:

            async def post(n: int) -> None:
                answer = await client.post("/v1/complaints", json=filing(
                    reporter={"phone": f"1390000{n:04d}"} if n % 2 else None))
                assert answer.status_code == 201, answer.text
                acknowledged.append(answer.json()["complaint_id"])

            for start in range(0, FILINGS, 20):
                await asyncio.gather(*(post(n) for n in range(start, start + 20)))
        served.kill()
        served.env["COMPLAINT_INTAKE_FILING_WORKER"] = "true"
        for _ in range(2):  # killed twice in the middle of the drain
            served.start()
            await served.ready()
            await _drain_begun(waiting, await waiting())
            served.kill()
            backlog_at_kills.append(await waiting())
        served.start()
        await served.ready()
        deadline = time.monotonic() + 120
        while await waiting() and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        found = await rows_per_filing(ctx.database, acknowledged)
        async with ctx.database.reader() as session:
            stored = await session.scalar(select(func.count()).select_from(Complaint))
    finally:
        if served.process is not None and served.process.poll() is None:
            served.kill()
        await ctx.database.dispose()

    assert len(acknowledged) == FILINGS
    assert FILINGS > backlog_at_kills[0] > 0, f"not killed mid-drain: {backlog_at_kills}"
    assert problems(found, acknowledged) == []
    assert stored >= FILINGS  # the module's other filings besides, none twice (primary key)
    print(f"\nSIGKILLed in the drain with {backlog_at_kills} filings waiting: {FILINGS} "
          f"accepted, {FILINGS} complaints, each with one step, audit entry and event")


async def _drain_begun(waiting, before: int) -> None:  # type: ignore[no-untyped-def]
    """Return as soon as the worker has processed a batch (a fixed pause killed it before
    its first batch on a loaded machine, or after its last on a fast one)."""
    deadline = time.monotonic() + 30
    while await waiting() >= before and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
