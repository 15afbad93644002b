"""Operator commands for deadlines and sealed identities (期限督办与身份密钥).

``jianguan overdue`` announces what has become overdue (督办) in the services that keep
legal deadlines: credit-rating's objections and repair decisions
(``credit.objection.overdue.v1``, ``credit.repair.overdue.v1``), complaint-intake's
complaints (``complaint.overdue.v1``) and case-transfer's transfers, reviews and requests
(``case.overdue.v1``), each once; run it daily
(complaint-intake also sweeps on its own while it runs). ``jianguan complaints
rotate-identities`` re-seals every reporter identity under the current key.
Both work on the services' configured databases; the events leave through the outbox.
"""

from __future__ import annotations

import asyncio
import importlib
import sys

import click

from jianguan.suite import service


async def _sweep(name: str) -> str:
    """The service's own overdue sweep (``services.<name>.commands.sweep_overdue``) on
    its context, built from the environment."""
    svc = service(name)
    commands = importlib.import_module(f"services.{svc.name}.commands")
    ctx = svc.context()
    try:
        return await commands.sweep_overdue(ctx)
    finally:
        await ctx.database.dispose()


async def _credit_deadlines() -> str:
    return await _sweep("credit_rating")


async def _complaints() -> str:
    return await _sweep("complaint_intake")


async def _cases() -> str:
    return await _sweep("case_transfer")


SWEEPS = {"credit-rating": _credit_deadlines, "complaint-intake": _complaints,
          "case-transfer": _cases}


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

    async def rotate_all() -> tuple[int, str]:
        ctx = service("complaint_intake").context()
        try:
            return await rotate(ctx), ctx.settings.identity_current_key
        finally:
            await ctx.database.dispose()

    count, key = asyncio.run(rotate_all())
    click.echo(f"complaint-intake: {count} identities re-sealed under key {key}")
    sys.exit(0)
