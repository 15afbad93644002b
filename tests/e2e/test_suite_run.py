"""`jianguan run`: the whole suite up with /readyz green, and down on a signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from jianguan.suite import SERVICES
from shared.messaging.embedded_broker import free_port

pytestmark = pytest.mark.e2e


def _environment(tmp_path) -> tuple[dict[str, str], dict[str, int]]:  # type: ignore[no-untyped-def]
    ports = {svc.name: free_port() for svc in SERVICES}
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update({svc.env_prefix + "PORT": str(ports[svc.name]) for svc in SERVICES})
    env.update(JIANGUAN_BROKER_PORT=str(free_port()), JIANGUAN_VAR_DIR=str(tmp_path))
    return env, ports


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_run_brings_up_all_five_services_and_sigterm_stops_everything(tmp_path):
    env, ports = _environment(tmp_path)
    started = time.monotonic()
    suite = subprocess.Popen([sys.executable, "-m", "jianguan.cli", "run"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = []
        for line in suite.stdout:  # type: ignore[union-attr]
            banner.append(line)
            if "Ctrl-C stops everything" in line:
                break
        assert suite.poll() is None, suite.stderr.read()  # type: ignore[union-attr]
        assert time.monotonic() - started < 60, "the suite took more than 60 s to be ready"
        text = "".join(banner)
        assert "export TOKEN=" in text
        for svc in SERVICES:
            assert f"127.0.0.1:{ports[svc.name]}" in text
            ready = httpx.get(f"http://127.0.0.1:{ports[svc.name]}/readyz", timeout=5)
            assert ready.status_code == 200, (svc.name, ready.text)
            assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}
        assert (tmp_path / "credit_rating.db").exists(), "migrations did not create the database"
        notices = httpx.get(f"http://127.0.0.1:{ports['public_notice']}/v1/notices", timeout=5)
        assert notices.json()["items"], "the public page has no demo notices to show"
        page = httpx.get(f"http://127.0.0.1:{ports['public_notice']}/", timeout=5)
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]

        _broker_killed_and_restarted_by_the_run(suite, env, ports)

        stop = time.monotonic()
        suite.send_signal(signal.SIGTERM)
        assert suite.wait(timeout=10) == 0
        assert time.monotonic() - stop < 5, "stopping took more than 5 s"
        leftovers = [name for name, port in ports.items() if _listening(port)]
        assert leftovers == [], f"still listening after stop: {leftovers}"
        assert not _listening(int(env["JIANGUAN_BROKER_PORT"])), "the broker is still running"
    finally:
        if suite.poll() is None:
            suite.kill()


def _broker_pid(port: int) -> int:
    """The embedded broker listening on ``port`` (its command line names the URL)."""
    wanted = f"tcp://127.0.0.1:{port}".encode()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if wanted in cmdline.read():
                        return int(entry)
            except OSError:
                continue
    raise AssertionError(f"no broker process listens on {port}")


def _broker_killed_and_restarted_by_the_run(suite, env, ports) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL the embedded broker: the run starts it again and says so, and each service
    counts the new incarnation in /metrics and is ready again, with no command."""
    port = int(env["JIANGUAN_BROKER_PORT"])
    os.kill(_broker_pid(port), signal.SIGKILL)
    killed = time.monotonic()
    said = []
    for line in suite.stderr:  # type: ignore[union-attr]
        said.append(line)
        if "embedded broker is back" in line:
            break
    assert any("stopped (exit code -9)" in line for line in said), said
    assert "+08:00" in said[-1]  # when, in China time
    pending = set(ports)
    while pending and time.monotonic() - killed < 30:
        for name in list(pending):
            metrics = httpx.get(f"http://127.0.0.1:{ports[name]}/metrics", timeout=5).text
            ready = httpx.get(f"http://127.0.0.1:{ports[name]}/readyz", timeout=5)
            if "broker_restarts_seen_total 1.0" in metrics and ready.status_code == 200:
                pending.discard(name)
        time.sleep(0.5)
    assert not pending, f"not recovered 30 s after the broker was killed: {sorted(pending)}"


def test_a_taken_port_gives_one_line_naming_the_port_and_the_variable(tmp_path):
    env, ports = _environment(tmp_path)
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", ports["complaint_intake"]))
        squatter.listen()
        result = subprocess.run([sys.executable, "-m", "jianguan.cli", "run"], env=env,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "\n" not in message
    assert str(ports["complaint_intake"]) in message
    assert "COMPLAINT_INTAKE_PORT" in message


def test_a_signal_during_start_up_stops_everything_too(tmp_path):
    env, ports = _environment(tmp_path)
    suite = subprocess.Popen([sys.executable, "-m", "jianguan.cli", "run"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    broker_port = int(env["JIANGUAN_BROKER_PORT"])
    deadline = time.monotonic() + 30
    while not _listening(broker_port) and time.monotonic() < deadline:
        time.sleep(0.05)  # the broker is up: services are being started
    stop = time.monotonic()
    suite.send_signal(signal.SIGINT)
    try:
        suite.wait(timeout=10)
    finally:
        if suite.poll() is None:
            suite.kill()
    assert time.monotonic() - stop < 5, "stopping during start-up took more than 5 s"
    assert not _listening(broker_port)
    assert [n for n, port in ports.items() if _listening(port)] == []
