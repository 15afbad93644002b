"""A small keep-alive HTTP/1.1 load generator (压测客户端), run as its own process.

``python -m bench.http_load PORT SECONDS CONNECTIONS PATHS_FILE [HEADER]`` prints one
JSON line: requests, seconds, requests per second, p50 and p99 latency in ms, and the
count of non-200 answers. Raw asyncio streams: a Python HTTP client library would be
the bottleneck long before the servers are.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def _connection(
    port: int,
    paths: list[str],
    offset: int,
    header: str,
    until: float,
    latencies: list[float],
    failures: list[int],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while time.perf_counter() < until:
            path = paths[i % len(paths)]
            i += 1
            request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n{header}\r\n"
            started = time.perf_counter()
            writer.write(request.encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                failures[0] += 1
    finally:
        writer.close()


async def main(port: int, seconds: float, connections: int, paths: list[str], header: str) -> dict:
    latencies: list[float] = []
    failures = [0]
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(
            _connection(port, paths, n * 997, header, until, latencies, failures)
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


if __name__ == "__main__":
    port, seconds, connections, paths_file = sys.argv[1:5]
    header = (sys.argv[5] + "\r\n") if len(sys.argv) > 5 else ""
    with open(paths_file, encoding="utf-8") as f:
        paths = [line.strip() for line in f if line.strip()]
    result = asyncio.run(main(int(port), float(seconds), int(connections), paths, header))
    print(json.dumps(result))
