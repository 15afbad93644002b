"""Operator commands of case-transfer (运维命令), for cron or by hand.

``sweep_overdue`` escalates every passed deadline once (督办; the app also sweeps
periodically). It takes the service's context (``bootstrap.build``), as ``jianguan
overdue`` calls each service's own sweep; also
``python -m services.case_transfer.commands overdue-sweep``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from services.case_transfer.bootstrap import CaseTransferContext, build
from services.case_transfer.handlers.overdue import escalate_all


async def sweep_overdue(ctx: CaseTransferContext) -> str:
    """``jianguan overdue``'s line: "N overdue case deadlines" (escalated now)."""
    return f"{await escalate_all(ctx)} overdue case deadlines"


async def _run() -> str:
    ctx = build()
    try:
        return f"escalated {await sweep_overdue(ctx)}"
    finally:
        await ctx.database.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.case_transfer.commands")
    parser.add_argument("command", choices=["overdue-sweep"])
    parser.parse_args(argv)
    print(asyncio.run(_run()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
