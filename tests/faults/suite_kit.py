"""The suite as real processes for the fault scenarios (故障演练): a broker of its own,
service processes that can be SIGKILLed, and the counts that say whether it converged.

Writes are counted against effects through the inboxes: an event's effect and its inbox
row commit together, so "every acknowledged write's event in every consumer's inbox, once"
is "0 lost, 0 half-done"; insert-type effects (credit records, clues) are also counted by
their source event, so "0 doubled" is checked on rows a second delivery would add.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import column, func, select, text
from sqlalchemy import table as sql_table

from shared.contracts.complaint import ComplaintSubstantiated
from shared.db import Database
from shared.messaging.embedded_broker import EmbeddedBroker, free_port
from shared.messaging.outbox import Outbox
from shared.platform_tables import inbox, outbox
from shared.settings import REPO_ROOT, service_env_prefix
from shared.uscc import generate_many
from tests.clock import START, TODAY
from tests.integration.service_kit import bearer

REGISTRAR = bearer("SCJG", "registrar")
UPSERTED = "credit.entity.upserted.v1"


@dataclass
class ServiceProcess:
    """One service served by ``jianguan serve`` in a process of its own."""

    name: str
    url: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jianguan.cli", "serve", self.name, "--no-migrate"],
                env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT,
                start_new_session=True)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, nothing."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()

    async def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2.0) as client:
            while time.monotonic() < deadline:
                assert self.process is not None and self.process.poll() is None, \
                    self.log.read_text()[-3000:]
                try:
                    if (await client.get(self.base + "/readyz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"{self.name} not ready after {timeout:.0f}s")


@dataclass
class Suite:
    broker: EmbeddedBroker
    services: dict[str, ServiceProcess]
    databases: dict[str, Database] = field(default_factory=dict)
    _codes: list[str] = field(default_factory=list)

    def usccs(self, n: int) -> list[str]:
        if len(self._codes) < n:
            self._codes.extend(generate_many(n + 2000, seed=len(self._codes) + 4242)[
                len(self._codes):])
        taken, self._codes[:n] = self._codes[:n], []
        return taken

    async def register(self, usccs: list[str], *, concurrency: int = 16,
                       after_each=None) -> list[str]:  # type: ignore[no-untyped-def]
        """POST each registration to credit-rating; the USCCs answered 201 (acknowledged).
        ``after_each(acknowledged count)`` runs after every answer (a fault to inject)."""
        acknowledged: list[str] = []
        queue = list(usccs)
        base = self.services["credit-rating"].base

        async def worker(client: httpx.AsyncClient) -> None:
            while queue:
                uscc = queue.pop(0)
                try:
                    answer = await client.post(base + "/v1/entities", headers=REGISTRAR,
                                               json=registration(uscc))
                    if answer.status_code == 201:
                        acknowledged.append(uscc)
                except httpx.HTTPError:
                    pass  # not acknowledged: it may or may not have committed
                if after_each is not None:
                    await after_each(len(acknowledged))

        async with httpx.AsyncClient(timeout=30.0) as client:
            await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return acknowledged

    async def substantiate(self, usccs: list[str]) -> list[str]:
        """complaint-intake writes one ``complaint.substantiated.v1`` per USCC (as its close
        handler does: the outbox row in its transaction); its relay publishes them.
        Returns the event ids (each write is acknowledged when its commit returns)."""
        db = self.databases["complaint-intake"]
        ids = []
        for index, uscc in enumerate(usccs):
            async with db.unit_of_work() as uow:
                uow.emit(ComplaintSubstantiated(
                    complaint_id=f"CP-FAULT-{uscc}-{index}", uscc=uscc, category="food_safety",
                    handling_department="SCJG", substantiated_on=TODAY - timedelta(days=3),
                    severity="general", finding_for="police"))
            ids.append(await self._last_event_id(db))
        return ids

    @staticmethod
    async def _last_event_id(db: Database) -> str:
        async with db.reader() as session:
            return (await session.execute(select(outbox.c.event_id)
                                          .order_by(outbox.c.id.desc()).limit(1))).scalar_one()

    async def upserted_ids(self, usccs: list[str]) -> dict[str, set[str]]:
        """credit-rating's entity.upserted event ids, per USCC of ``usccs``."""
        found: dict[str, set[str]] = {}
        async with self.databases["credit-rating"].reader() as session:
            rows = await session.execute(select(outbox.c.key, outbox.c.event_id).where(
                outbox.c.topic == UPSERTED, outbox.c.key.in_(usccs)))
            for key, event_id in rows:
                found.setdefault(key, set()).add(event_id)
        return found

    async def registered(self, usccs: list[str]) -> set[str]:
        async with self.databases["credit-rating"].reader() as session:
            result = await session.execute(text("SELECT uscc FROM entities"))
            return set(result.scalars()) & set(usccs)

    async def seen(self, service: str, event_ids: set[str]) -> set[str]:
        """The event ids of ``event_ids`` that ``service``'s inbox holds."""
        found: set[str] = set()
        ids = sorted(event_ids)
        async with self.databases[service].reader() as session:
            for start in range(0, len(ids), 500):
                found |= set((await session.execute(select(inbox.c.event_id).where(
                    inbox.c.event_id.in_(ids[start:start + 500])))).scalars())
        return found

    async def effects_per_event(self, service: str, table: str,
                                event_ids: set[str]) -> dict[str, int]:
        """How many rows of ``table`` each source event made."""
        counts: dict[str, int] = {}
        ids = sorted(event_ids)
        async with self.databases[service].reader() as session:
            for start in range(0, len(ids), 500):
                source = sql_table(table, column("source_event_id")).c.source_event_id
                rows = await session.execute(
                    select(source, func.count()).where(source.in_(ids[start:start + 500]))
                    .group_by(source))
                counts.update({event_id: n for event_id, n in rows})
        return counts

    async def converged(self, expected: dict[str, set[str]], timeout: float) -> float:
        """Seconds until every service holds its expected event ids (or AssertionError
        naming what is missing where)."""
        started = time.monotonic()
        missing: dict[str, int] = {}
        while time.monotonic() - started < timeout:
            missing = {}
            for service, ids in expected.items():
                lost = len(ids - await self.seen(service, ids))
                if lost:
                    missing[service] = lost
            if not missing:
                return time.monotonic() - started
            await asyncio.sleep(0.25)
        raise AssertionError(f"not converged after {timeout:.0f}s; events missing: {missing}")


def registration(uscc: str) -> dict[str, str]:
    return {"uscc": uscc, "name": f"青岛故障演练企业{uscc[-6:]}有限公司",
            "legal_representative": "张三", "registered_address": "青岛市黄岛区长江路 1 号",
            "region": "370211", "industry": "C1391", "established_on": "2015-03-01"}


def service_env(name: str, url: str, port: int, bootstrap: str, var_dir: Path) -> dict[str, str]:
    prefix = service_env_prefix(name)
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    env.update({prefix + "DATABASE_URL": url, prefix + "PORT": str(port),
                "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "JIANGUAN_VAR_DIR": str(var_dir),
                "JIANGUAN_CLOCK_START": START.isoformat(), "TANSU_LOG": "error"})
    return env


def new_suite_processes(urls: dict[str, str], bootstrap: str, var_dir: Path) -> dict[
        str, ServiceProcess]:
    made = {}
    for name, url in urls.items():
        port = free_port()
        made[name] = ServiceProcess(name, url, port, service_env(
            name.replace("-", "_"), url, port, bootstrap, var_dir), var_dir / f"{name}.log")
    return made


def new_broker() -> EmbeddedBroker:
    return EmbeddedBroker(port=free_port())


def suite_database(url: str, name: str) -> Database:
    outbox_of = Outbox("/jianguan/" + name) if name == "complaint-intake" else None
    return Database(url, outbox=outbox_of)
