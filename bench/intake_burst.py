"""A burst of public complaints (issue 17.1): N (100,000) filings fired as fast as 32
connections take them (exactly N, not a time window) at the intake served as deployed
(a web and a worker process), then the backlog drained; every one answered 201 must end
one complaint with its received event, and none may be left waiting. On the 2-core
machine, idle otherwise: 100,000 accepted in 108 s (927/s), 970 waiting then, drained
0.8 s later (one process doing both, busy with a test run: 214 s). Not part of
``make bench`` (2 to 4 minutes): ``python -m bench.intake_burst [N]``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.complaint_intake import (
    BURST,
    CONNECTIONS,
    _cpu_seconds,
    _drained,
    _one,
    _served,
    _setup,
    processed_since,
)
from bench.http_load import _request
from bench.intake_data import filing_requests
from shared.messaging.embedded_broker import EmbeddedBroker, free_port


async def _fire(port: int, lines: list[str], count: int) -> dict:
    """``count`` requests of ``lines`` (cycled) over ``CONNECTIONS`` keep-alive
    connections, as fast as the server answers: how many, in what time, non-2xx."""
    raw = [_request(line, "") for line in lines if line]
    left, failures, started = iter(range(count)), [0], time.perf_counter()

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for i in left:
                writer.write(raw[i % len(raw)])
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line[15:]) for line in head.split(b"\r\n")
                               if line[:15].lower() == b"content-length:"), 0)
                await reader.readexactly(length)
                failures[0] += not head.startswith(b"HTTP/1.1 201")
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return {"requests": count, "seconds": time.perf_counter() - started,
            "failures": failures[0]}


async def burst(count: int, bootstrap: str) -> tuple[str, bool]:
    """``count`` public filings fired at once, then the backlog drained: every one
    answered 201 must be one complaint with its received event, none left waiting."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, url, codes, _, _ = await _setup(folder)
        bodies = folder / "bodies.jsonl"
        filing_requests(bodies, codes)
        with _served(url, bootstrap) as (port, pid, worker):
            since, started = datetime.now(UTC), time.monotonic()
            cpu, worker_cpu = _cpu_seconds(pid), _cpu_seconds(worker)
            fired = await _fire(port, bodies.read_text(encoding="utf-8").splitlines(), count)
            backlog = _one(db, "SELECT count(*) FROM filings")
            await asyncio.to_thread(_drained, db, 1800.0)
            drained = time.monotonic() - started
            cpu, worker_cpu = _cpu_seconds(pid) - cpu, _cpu_seconds(worker) - worker_cpu
        made, events, seconds = processed_since(db, since)
        waiting = _one(db, "SELECT count(*) FROM filings")
    acked = fired["requests"] - fired["failures"]
    ok = fired["failures"] == 0 and made == events == acked and waiting == 0
    return (f"complaint intake burst: {count:,} filings fired over {CONNECTIONS} "
            f"connections, {acked:,} accepted ({fired['failures']} non-201) in "
            f"{fired['seconds']:.1f} s ({acked / fired['seconds']:,.0f}/s), {backlog:,} "
            f"waiting then; drained {drained:.1f} s after the first was fired "
            f"({made / seconds:,.0f} processed/s from first accepted to last committed); "
            f"{made:,} complaints, {events:,} received events, {waiting} left waiting"
            f"{'' if ok else ' (MISMATCH)'}; CPU: web process {cpu:.0f} s, worker process "
            f"{worker_cpu:.0f} s", ok)


def main(count: int) -> int:
    broker = EmbeddedBroker(port=free_port())
    broker.start()
    try:
        line, ok = asyncio.run(burst(count, broker.bootstrap))
    finally:
        broker.stop()
    print(("PASS " if ok else "MISS ") + line, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else BURST))
