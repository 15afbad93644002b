"""``make bench``: run every benchmark, print its line as it finishes, then the table of
every goal (figure, goal, PASS or MISS, how long the benchmark took)."""

from __future__ import annotations

import asyncio
import sys
import time

from bench import (
    case_transfer,
    complaint_intake,
    consumer_inbox,
    credit_check,
    credit_import,
    credit_regrade,
    draw_api,
    draw_sampling,
    public_notice,
    relay_throughput,
)
from bench.outcome import Outcome, table
from shared.messaging.embedded_broker import EmbeddedBroker, free_port
from shared.observability import configure_logging

BENCHES = (relay_throughput, consumer_inbox, draw_sampling, credit_check, credit_import,
           credit_regrade, complaint_intake, draw_api, case_transfer, public_notice)


async def main(names: list[str]) -> int:
    """Run every benchmark, or those named (``python -m bench complaint_intake``)."""
    known = {bench.__name__.rsplit(".", 1)[-1]: bench for bench in BENCHES}
    unknown = [name for name in names if name not in known]
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(known)}",
              file=sys.stderr)
        return 2
    # warnings only: a benchmark that builds an app in process (draw_api) would otherwise
    # print every request and migration between the lines
    configure_logging("bench", level="WARNING")
    broker = EmbeddedBroker(port=free_port())
    broker.start()
    results: list[tuple[str, Outcome, float]] = []
    try:
        for name in names or list(known):
            started = time.perf_counter()
            outcome = await known[name].run(broker.bootstrap)
            if isinstance(outcome, tuple):  # (line, ok): a benchmark without its goals named
                outcome = Outcome(outcome[0], (), sound=outcome[1])
            results.append((name, outcome, time.perf_counter() - started))
            print(("PASS " if outcome.ok else "MISS ") + outcome.line, flush=True)
    finally:
        broker.stop()
    print("\n" + table(results), flush=True)
    return 0 if all(outcome.ok for _, outcome, _ in results) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
