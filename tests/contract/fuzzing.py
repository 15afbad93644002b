"""Schemathesis against a service's own OpenAPI document (契约模糊测试).

Each service is served for real (``jianguan serve``, on a migrated SQLite database, relay
and consumers off), then ``schemathesis run`` fuzzes every operation with ALL its checks:
no 500, every status and content type documented, responses matching their schemas,
invalid input rejected, valid input accepted, auth not ignored, unsupported methods 405.
Bounded: ``FUZZ_MAX_EXAMPLES`` cases per operation (15 in the test suite); ``make fuzz``
also sets ``FUZZ_MAX_SECONDS``, a time budget per run that fuzzing repeats to fill.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from shared.auth import TokenIssuer
from shared.messaging.embedded_broker import free_port
from shared.migrations import upgrade
from shared.settings import REPO_ROOT, ServiceSettings, service_env_prefix

ALL_ROLES = ("officer", "registrar", "reviewer", "head", "whistleblower_officer", "hotline",
             "operator")
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "15"))
MAX_SECONDS = int(os.environ.get("FUZZ_MAX_SECONDS", "0"))  # 0: one pass of MAX_EXAMPLES
SEED = int(os.environ.get("FUZZ_SEED", "20261206"))


@dataclass
class FuzzRun:
    exit_code: int
    output: str


def dev_token(dept: str = "SCJG") -> str:
    return TokenIssuer.from_settings(ServiceSettings()).issue(dept, roles=ALL_ROLES)


def fuzz(service: str, workdir: Path, *, token: str | None, bootstrap: str) -> FuzzRun:
    """Serve ``service`` and run schemathesis against it; its exit code and report."""
    url = f"sqlite+aiosqlite:///{workdir}/{service}.db"
    upgrade(service, url)
    port = free_port()
    prefix = service_env_prefix(service)
    env = {**os.environ, f"{prefix}DATABASE_URL": url, f"{prefix}PORT": str(port),
           f"{prefix}RELAY_ENABLED": "false", f"{prefix}CONSUMERS_ENABLED": "false",
           f"{prefix}AUDIT_CHECKPOINT_SECONDS": "0",
           "KAFKA_BOOTSTRAP_SERVERS": bootstrap}
    log = (workdir / f"{service}.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jianguan.cli", "serve", service.replace("_", "-"),
         "--no-migrate"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT)
    try:
        _wait_alive(f"http://127.0.0.1:{port}/healthz", server)
        command = [str(Path(sys.executable).parent / "schemathesis"),
                   "--config-file", str(Path(__file__).with_name("schemathesis.toml")), "run",
                   f"http://127.0.0.1:{port}/openapi.json", "--checks", "all",
                   "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED),
                   "--workers", "1", "--no-color", "--request-timeout", "20",
                   "--suppress-health-check", "all"]
        if MAX_SECONDS:
            command += ["--max-time", str(MAX_SECONDS)]
        if token is not None:
            command += ["--header", f"Authorization: Bearer {token}"]
        hooks = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.contract.hooks",
                 "PYTHONPATH": str(REPO_ROOT)}
        done = subprocess.run(command, capture_output=True, text=True, cwd=workdir, env=hooks,
                              timeout=(MAX_SECONDS or 300) * 2 + 60, check=False)
        return FuzzRun(done.returncode, done.stdout + done.stderr)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_alive(url: str, server: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the service exited with {server.returncode} before answering")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s")
