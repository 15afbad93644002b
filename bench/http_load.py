"""A small keep-alive HTTP/1.1 load generator (压测客户端), run as its own process.

``python -m bench.http_load PORT SECONDS CONNECTIONS REQUESTS_FILE [HEADER]`` prints one
JSON line: requests, seconds, requests per second, p50 and p99 latency in ms, and the
count of answers outside 2xx. Each line of REQUESTS_FILE is a path to GET, or
``POST /path {json body}``. Raw asyncio streams: a Python HTTP client library would be
the bottleneck long before the servers are.

:func:`serve_and_load` starts a server process, warms it up, measures it, stops it.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from shared.settings import REPO_ROOT


def _request(line: str, header: str) -> bytes:
    method, path, body = "GET", line, ""
    if line.startswith("POST "):
        method, _, rest = line.partition(" ")
        path, _, body = rest.partition(" ")
    data = body.encode()
    extra = f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n" if data else ""
    return f"{method} {path} HTTP/1.1\r\nHost: bench\r\n{header}{extra}\r\n".encode() + data


async def _connection(
    port: int,
    requests: list[bytes],
    offset: int,
    until: float,
    latencies: list[float],
    failures: list[int],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while time.perf_counter() < until:
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if not 200 <= status < 300:
                failures[0] += 1
    finally:
        writer.close()


async def main(port: int, seconds: float, connections: int, requests: list[bytes]) -> dict:
    latencies: list[float] = []
    failures = [0]
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(
            _connection(port, requests, n * 997, until, latencies, failures)
            for n in range(connections)
        )
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "failures": failures[0],
    }


def serve_and_load(server: list[str], port: int, requests: Path, *, seconds: float,
                   connections: int, header: str = "") -> dict:
    """Start ``python -m <server…>`` on ``port``, warm it up for 1 s, then measure it."""
    process = subprocess.Popen([sys.executable, "-m", *server], cwd=REPO_ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/openapi.json")
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        load = [sys.executable, "-m", "bench.http_load", str(port)]
        tail = [str(connections), str(requests), *([header] if header else [])]
        subprocess.run([*load, "1", *tail], check=True, capture_output=True, cwd=REPO_ROOT)
        cpu_before = _cpu_seconds(process.pid)
        out = subprocess.run([*load, str(seconds), *tail], check=True, capture_output=True,
                             text=True, cwd=REPO_ROOT)
        result = json.loads(out.stdout)
        result["server_cpu_us"] = (_cpu_seconds(process.pid) - cpu_before) \
            / max(result["requests"], 1) * 1e6  # the server's CPU per request
        return result
    finally:
        process.terminate()
        process.wait(10)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    port, seconds, connections, requests_file = sys.argv[1:5]
    header = (sys.argv[5] + "\r\n") if len(sys.argv) > 5 else ""
    with open(requests_file, encoding="utf-8") as f:
        requests = [_request(line.strip(), header) for line in f if line.strip()]
    result = asyncio.run(main(int(port), float(seconds), int(connections), requests))
    print(json.dumps(result))
