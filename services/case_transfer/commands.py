"""Operator commands of case-transfer (运维命令), for cron or by hand:
``python -m services.case_transfer.commands overdue-sweep`` escalates every passed deadline
once (the app also sweeps periodically). Built from ``bootstrap.build``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from services.case_transfer.bootstrap import build
from services.case_transfer.handlers.overdue import escalate_all


async def _sweep() -> str:
    ctx = build()
    try:
        return f"{await escalate_all(ctx)} overdue case deadlines escalated"
    finally:
        await ctx.database.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.case_transfer.commands")
    parser.add_argument("command", choices=["overdue-sweep"])
    parser.parse_args(argv)
    print(asyncio.run(_sweep()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
