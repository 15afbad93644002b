"""Operator commands for deadlines and sealed identities (期限督办与身份密钥).

``jianguan overdue`` announces what has become overdue (督办) in the services that keep
legal deadlines: credit-rating's objections (``credit.objection.overdue.v1``) and
complaint-intake's complaints (``complaint.overdue.v1``), each once; run it daily
(complaint-intake also sweeps on its own while it runs). ``jianguan complaints
rotate-identities`` re-seals every reporter identity under the current key.
Both work on the services' configured databases; the events leave through the outbox.
"""

from __future__ import annotations

import asyncio
import sys

import click

from jianguan.suite import service


async def _credit_objections() -> int:
    from services.credit_rating.handlers.facts import today
    from services.credit_rating.handlers.objections import announce_overdue
    from shared.db import Database
    from shared.messaging.outbox import Outbox
    from shared.web.service_app import event_source

    settings = service("credit_rating").settings()
    db = Database(settings.resolved_database_url())
    try:
        async with db.unit_of_work() as uow:
            return await announce_overdue(uow, Outbox(event_source(settings)),
                                          actor="cli/jianguan-overdue", as_of=today())
    finally:
        await db.dispose()


async def _complaints() -> int:
    from services.complaint_intake.commands import overdue_sweep
    from services.complaint_intake.config import Settings

    return await overdue_sweep(Settings())


SWEEPS = {"credit-rating": ("objections", _credit_objections),
          "complaint-intake": ("complaint deadlines", _complaints)}


@click.command()
@click.option("--service", "only", type=click.Choice(sorted(SWEEPS)), default=None,
              help="sweep only this service (default: every service with deadlines)")
def overdue(only: str | None) -> None:
    """Announce every deadline that has passed, once each (督办); run daily."""
    for name, (what, sweep) in SWEEPS.items():
        if only in (None, name):
            click.echo(f"{name}: {asyncio.run(sweep())} overdue {what} announced")
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
