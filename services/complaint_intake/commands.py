"""Operator commands of complaint-intake (运维命令), for cron or by hand.

``sweep_overdue`` raises every passed deadline once (the app also sweeps periodically);
``rotate`` re-seals every reporter identity under the current key (keep the old key
configured until it reports 0); ``process-filings`` makes complaints of every accepted
filing waiting (what the app's intake worker does; for instances run without it). All
take the service's context (``bootstrap.build``); ``jianguan overdue`` and ``jianguan
complaints rotate-identities`` call the first two, and so does ``python -m
services.complaint_intake.commands overdue-sweep|rotate-identities|process-filings``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from services.complaint_intake.bootstrap import IntakeContext, build
from services.complaint_intake.handlers.filing_worker import process_waiting
from services.complaint_intake.handlers.key_rotation import rotate_identities
from services.complaint_intake.handlers.overdue import sweep_until_done


async def sweep_overdue(ctx: IntakeContext) -> str:
    """``jianguan overdue``'s line: "N overdue complaint deadlines" (raised now, each
    passed deadline once however often it runs)."""
    raised = await sweep_until_done(ctx.database, ctx.clock.today())
    return f"{raised} overdue complaint deadlines"


async def rotate(ctx: IntakeContext) -> int:
    """Re-seal identities batch by batch; the number re-sealed."""
    total = 0
    while True:
        async with ctx.database.unit_of_work() as uow:
            count = await rotate_identities(uow, ctx.vault)
        total += count
        if count == 0:
            return total


async def _run(command: str) -> str:
    ctx = build()
    try:
        if command == "overdue-sweep":
            return f"raised {await sweep_overdue(ctx)}"
        if command == "process-filings":
            return f"{await process_waiting(ctx)} accepted filings made complaints"
        return (f"re-sealed {await rotate(ctx)} identities under key "
                f"{ctx.vault.current_key_id}")
    finally:
        await ctx.database.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.complaint_intake.commands")
    parser.add_argument("command", choices=["overdue-sweep", "rotate-identities",
                                                "process-filings"])
    args = parser.parse_args(argv)
    print(asyncio.run(_run(args.command)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
