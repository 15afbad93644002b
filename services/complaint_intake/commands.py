"""Operator commands of complaint-intake (运维命令), for cron or by hand.

``python -m services.complaint_intake.commands overdue-sweep`` raises every passed
deadline once (the app also sweeps periodically); ``rotate-identities`` re-seals every
reporter identity under the current key (keep the old key configured until it reports
0). Both read the service's settings (``COMPLAINT_INTAKE_DATABASE_URL`` …).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from services.complaint_intake.app import identity_vault
from services.complaint_intake.config import Settings
from services.complaint_intake.handlers.context import china_day, now
from services.complaint_intake.handlers.overdue import sweep_overdue
from services.complaint_intake.handlers.reporters import rotate_identities
from shared.audit import record as audit
from shared.db import Database
from shared.messaging.outbox import Outbox
from shared.web.service_app import event_source

ACTOR = "complaint-intake/operator"


async def overdue_sweep(settings: Settings) -> int:
    """Sweep until nothing is left to raise; the number of deadlines raised."""
    db = Database(settings.resolved_database_url())
    outbox = Outbox(event_source(settings))
    total = 0
    try:
        while True:
            async with db.unit_of_work() as uow:
                raised = await sweep_overdue(uow, outbox, china_day(now()))
            total += raised
            if raised == 0:
                return total
    finally:
        await db.dispose()


async def rotate(settings: Settings) -> int:
    """Re-seal identities batch by batch; the number re-sealed."""
    db, vault, total = Database(settings.resolved_database_url()), identity_vault(settings), 0
    try:
        while True:
            async with db.unit_of_work() as uow:
                count = await rotate_identities(uow.session, vault)
                if count:
                    await audit(uow, actor=ACTOR, action="complaint.identities.rotated",
                                subject=None, detail={"count": count,
                                                      "key_id": vault.current_key_id})
            total += count
            if count == 0:
                return total
    finally:
        await db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.complaint_intake.commands")
    parser.add_argument("command", choices=["overdue-sweep", "rotate-identities"])
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "overdue-sweep":
        print(f"raised {asyncio.run(overdue_sweep(settings))} overdue deadlines")
    else:
        print(f"re-sealed {asyncio.run(rotate(settings))} identities under key "
              f"{settings.identity_current_key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
