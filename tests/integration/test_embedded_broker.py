"""The embedded broker never outlives the process that started it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from shared.settings import REPO_ROOT

STARTER = """
import os
from shared.messaging.embedded_broker import EmbeddedBroker, free_port
broker = EmbeddedBroker(port=free_port())
broker.start()
print(broker.process.pid, flush=True)
os._exit(0)  # killed, in effect: no stop(), no cleanup
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_broker_whose_parent_dies_without_cleanup_stops_too():
    out = subprocess.run([sys.executable, "-c", STARTER], capture_output=True, text=True,
                         cwd=REPO_ROOT, timeout=30, check=True)
    pid = int(out.stdout.strip())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, 9)
        raise AssertionError("the broker outlived its parent by more than 5 s")
