"""Operator commands for deadlines and sealed identities (期限督办与身份密钥).

``jianguan overdue`` announces what has become overdue (督办) in the services that keep
legal deadlines: credit-rating's objections and repair decisions
(``credit.objection.overdue.v1``, ``credit.repair.overdue.v1``) and complaint-intake's
complaints (``complaint.overdue.v1``), each once; run it daily
(complaint-intake also sweeps on its own while it runs). ``jianguan complaints
rotate-identities`` re-seals every reporter identity under the current key.
Both work on the services' configured databases; the events leave through the outbox.
"""

from __future__ import annotations

import asyncio
import sys

import click

from jianguan.suite import service


async def _credit_deadlines() -> str:
    from services.credit_rating.handlers.facts import today
    from services.credit_rating.handlers.objections import announce_overdue
    from services.credit_rating.handlers.repair import announce_overdue_repairs
    from shared.db import Database
    from shared.messaging.outbox import Outbox
    from shared.web.service_app import event_source

    settings = service("credit_rating").settings()
    db, outbox, actor = (Database(settings.resolved_database_url()),
                         Outbox(event_source(settings)), "cli/jianguan-overdue")
    try:
        async with db.unit_of_work() as uow:
            objections = await announce_overdue(uow, outbox, actor=actor, as_of=today())
            repairs = await announce_overdue_repairs(uow, outbox, actor=actor, as_of=today())
        return f"{objections} overdue objections and {repairs} overdue repair decisions"
    finally:
        await db.dispose()


async def _complaints() -> str:
    from services.complaint_intake.commands import overdue_sweep
    from services.complaint_intake.config import Settings

    return f"{await overdue_sweep(Settings())} overdue complaint deadlines"


SWEEPS = {"credit-rating": _credit_deadlines, "complaint-intake": _complaints}


@click.command()
@click.option("--service", "only", type=click.Choice(sorted(SWEEPS)), default=None,
              help="sweep only this service (default: every service with deadlines)")
def overdue(only: str | None) -> None:
    """Announce every deadline that has passed, once each (督办); run daily."""
    for name, sweep in SWEEPS.items():
        if only in (None, name):
            click.echo(f"{name}: {asyncio.run(sweep())} announced")
    sys.exit(0)


@click.group()
def complaints() -> None:
    """complaint-intake's operator commands."""


@complaints.command("rotate-identities")
def rotate_identities() -> None:
    """Re-seal every reporter identity under the current key (keep the old one until 0)."""
    from services.complaint_intake.commands import rotate
    from services.complaint_intake.config import Settings

    settings = Settings()
    count = asyncio.run(rotate(settings))
    click.echo(f"complaint-intake: {count} identities re-sealed under key "
               f"{settings.identity_current_key}")
    sys.exit(0)
