"""``jianguan run``: the whole suite on the embedded default, stopped by Ctrl-C (一键运行).

Migrations, the embedded broker (unless ``KAFKA_BOOTSTRAP_SERVERS`` is set), topics,
five service processes, a readiness wait, and a table to start from. SIGINT or
SIGTERM stops everything within 5 s and leaves no process behind.

The embedded broker is supervised: when it dies it is started again (after 0.5 s, then
doubling up to 30 s while it keeps dying within a minute of a start), its topics are
created again, and the run's output says when. It comes back empty; the services see
its new cluster id and publish their recent events again by themselves (each service's
``/metrics`` counts ``broker_restarts_seen``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from jianguan.suite import SERVICES, SuiteService
from shared.auth import TokenIssuer
from shared.clock import CHINA_TIME
from shared.messaging.embedded_broker import EmbeddedBroker
from shared.messaging.kafka import TopicConfig, ensure_topics
from shared.migrations import upgrade
from shared.settings import REPO_ROOT, ServiceSettings

console = Console(stderr=True)
log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 4.0


def suite_bootstrap(environ: dict[str, str] | None = None) -> str:
    """The broker of the suite, as ``jianguan run`` chooses it: ``KAFKA_BOOTSTRAP_SERVERS``
    when set, else the embedded broker on 127.0.0.1:``JIANGUAN_BROKER_PORT`` (9092)."""
    env = os.environ if environ is None else environ
    external = env.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
    return external or f"127.0.0.1:{int(env.get('JIANGUAN_BROKER_PORT', '9092'))}"


class BrokerSupervisor:
    """Starts the embedded broker again when it dies, with backoff, and says so."""

    FIRST_DELAY, MAX_DELAY, STEADY_SECONDS = 0.5, 30.0, 60.0

    def __init__(self, broker: EmbeddedBroker, say=console.print) -> None:  # type: ignore[no-untyped-def]
        self.broker = broker
        self.say = say
        self.restarts = 0
        self._delay = self.FIRST_DELAY
        self._due: float | None = None  # when to try the next start
        self._started_at = time.monotonic()

    def check(self) -> None:
        """Called every fraction of a second by the run's loop."""
        process = self.broker.process
        if process is not None and process.poll() is None:
            if time.monotonic() - self._started_at > self.STEADY_SECONDS:
                self._delay = self.FIRST_DELAY  # it stayed up: the next death starts afresh
            return
        now = time.monotonic()
        if self._due is None:
            code = process.returncode if process is not None else "?"
            self._due = now + self._delay
            self._tell(f"the embedded broker on {self.broker.bootstrap} stopped (exit code "
                       f"{code}); starting it again in {self._delay:.1f} s", logging.ERROR)
            return
        if now < self._due:
            return
        try:
            self.broker.start()
            asyncio.run(ensure_topics(self.broker.bootstrap, TopicConfig.load().all_topics()))
        except Exception as exc:
            self.broker.stop(timeout=1.0)
            self._delay = min(self._delay * 2, self.MAX_DELAY)
            self._due = time.monotonic() + self._delay
            self._tell(f"the embedded broker did not start again ({exc}); next try in "
                       f"{self._delay:.1f} s", logging.ERROR)
            return
        self.restarts += 1
        self._due, self._started_at = None, time.monotonic()
        self._delay = min(self._delay * 2, self.MAX_DELAY)
        self._tell(f"the embedded broker is back on {self.broker.bootstrap}, empty (restart "
                   f"{self.restarts}); the services publish their recent events again by "
                   "themselves", logging.WARNING)

    def _tell(self, message: str, level: int) -> None:
        at = datetime.now(CHINA_TIME).isoformat(timespec="seconds")
        self.say(f"{at} {message}", soft_wrap=True)
        log.log(level, message, extra={"broker_restarts": self.restarts})


class StartError(RuntimeError):
    """Something an operator must change before the suite can start."""


def _port_taken(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def check_ports(plan: list[tuple[SuiteService, ServiceSettings]], broker_port: int | None) -> None:
    for svc, settings in plan:
        if _port_taken(settings.port):
            raise StartError(
                f"port {settings.port} ({svc.slug}) is already in use; "
                f"set {svc.env_prefix}PORT to a free port"
            )
    if broker_port is not None and _port_taken(broker_port):
        raise StartError(
            f"port {broker_port} (embedded broker) is already in use; set "
            "JIANGUAN_BROKER_PORT to a free port, or KAFKA_BOOTSTRAP_SERVERS to use "
            "a running broker"
        )


def _spawn(svc: SuiteService, env: dict[str, str], log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"{svc.name}.log", "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "jianguan.cli", "serve", svc.slug, "--no-migrate"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=REPO_ROOT,
    )
    log.close()
    return process


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived before the suite was up."""


async def _wait_ready(plan, processes, stopped, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    pending = {svc.slug: f"http://127.0.0.1:{s.port}/readyz" for svc, s in plan}
    reasons: dict[str, str] = {}
    async with httpx.AsyncClient(timeout=2.0) as client:
        while pending and time.monotonic() < deadline:
            if stopped():
                raise Interrupted
            for slug, url in list(pending.items()):
                if processes[slug].poll() is not None:
                    raise StartError(
                        f"{slug} exited with code {processes[slug].returncode}; "
                        f"see var/log/{slug.replace('-', '_')}.log"
                    )
                try:
                    response = await client.get(url)
                    if response.status_code == 200:
                        del pending[slug]
                    else:
                        reasons[slug] = response.json().get("detail", response.text)
                except httpx.HTTPError as exc:
                    reasons[slug] = str(exc) or type(exc).__name__
            await asyncio.sleep(0.25)
    if pending:
        detail = "; ".join(f"{slug}: {reasons.get(slug, 'no answer')}" for slug in pending)
        raise StartError(f"not ready after {timeout:.0f}s: {detail}")


def _stop(processes: dict[str, subprocess.Popen], broker: EmbeddedBroker | None) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(max(0.05, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if broker is not None:
        broker.stop(timeout=1.0)


DEV_ROLES = ("officer", "registrar", "reviewer", "whistleblower_officer")


async def _seed_demo() -> int:
    """public-notice's demo notices (once: seeding again adds nothing)."""
    from jianguan.suite import service
    from services.public_notice.demo import seed_demo

    ctx = service("public_notice").context()
    try:
        return await seed_demo(ctx)
    finally:
        await ctx.database.dispose()


def _print_table(plan, bootstrap: str, token: str) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="jianguan 监管 is running", title_style="bold")
    for column in ("service", "URL", "API docs"):
        table.add_column(column)
    for svc, settings in plan:
        url = f"http://127.0.0.1:{settings.port}"
        table.add_row(svc.title, url, f"{url}/docs")
    out = Console(width=None if sys.stdout.isatty() else 160)
    out.print(table)
    out.print(f"broker: {bootstrap}")
    out.print(f"dev token for 市场监督管理局 (SCJG), roles {', '.join(DEV_ROLES)}:")
    out.print(f"  export TOKEN={token}", soft_wrap=True)
    first_port = plan[0][1].port
    out.print(f'  curl -H "Authorization: Bearer $TOKEN" '
              f"http://127.0.0.1:{first_port}/v1/blacklist")
    out.print("Ctrl-C stops everything.")


def run_suite() -> int:
    """Start everything, wait for a signal, stop everything. Returns an exit code."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
    broker_port = None if external else int(suite_bootstrap().rpartition(":")[2])
    plan = [(svc, svc.settings()) for svc in SERVICES]
    check_ports(plan, broker_port)
    var_dir = plan[0][1].var_dir
    log_dir = var_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)

    processes: dict[str, subprocess.Popen] = {}
    broker = None
    stop = {"signal": None}

    def on_signal(signum, _frame):  # type: ignore[no-untyped-def]
        stop["signal"] = signum

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    def check_stop() -> None:
        if stop["signal"] is not None:
            raise Interrupted

    try:
        with console.status("migrating databases") as status:
            for svc, settings in plan:
                check_stop()
                status.update(f"migrating {svc.slug}")
                upgrade(svc.name, settings.resolved_database_url())
        if broker_port is not None:
            broker = EmbeddedBroker(port=broker_port, log_path=log_dir / "broker.log")
            broker.start()
        bootstrap = external or broker.bootstrap  # type: ignore[union-attr]
        check_stop()
        asyncio.run(ensure_topics(bootstrap, TopicConfig.load().all_topics()))
        env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap}
        for svc, _settings in plan:
            check_stop()
            processes[svc.slug] = _spawn(svc, env, log_dir)
        with console.status("waiting for /readyz on all five services"):
            asyncio.run(_wait_ready(plan, processes, lambda: stop["signal"] is not None))
        with console.status("publishing the demo notices"):
            asyncio.run(_seed_demo())
        issuer = TokenIssuer.from_settings(plan[0][1])
        _print_table(
            plan, bootstrap, issuer.issue("SCJG", roles=DEV_ROLES)
        )
        supervisor = BrokerSupervisor(broker) if broker is not None else None
        while stop["signal"] is None:
            for slug, process in processes.items():
                if process.poll() is not None:
                    raise StartError(f"{slug} stopped unexpectedly (exit {process.returncode})")
            if supervisor is not None:
                supervisor.check()
            time.sleep(0.2)
        console.print("stopping …")
        return 0
    except Interrupted:
        console.print("interrupted before the suite was ready; stopping …")
        return 130
    finally:
        _stop(processes, broker)
