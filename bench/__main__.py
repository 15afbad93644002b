"""``make bench``: run every benchmark and print its figure and goal."""

from __future__ import annotations

import asyncio
import sys

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
from shared.messaging.embedded_broker import EmbeddedBroker, free_port

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
    broker = EmbeddedBroker(port=free_port())
    broker.start()
    failed = 0
    try:
        for bench in [known[name] for name in names] or BENCHES:
            line, ok = await bench.run(broker.bootstrap)
            print(("PASS " if ok else "MISS ") + line, flush=True)
            failed += not ok
    finally:
        broker.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
