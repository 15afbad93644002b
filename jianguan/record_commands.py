"""Operator commands that check records (记录核验): a service's audit chain and a credit report
file, offline."""

from __future__ import annotations

import asyncio
import sys

import click
from rich.progress import Progress

from jianguan.options import SERVICE, err
from jianguan.suite import service


@click.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command("verify")
@SERVICE
@click.option("--against-checkpoints", is_flag=True,
              help="also compare the chain with every head the service published on "
              "audit.checkpoint.v1 (catches a tail cut off with the head moved back)")
@click.option("--bootstrap", envvar="KAFKA_BOOTSTRAP_SERVERS", default="127.0.0.1:9092")
def audit_verify(svc, against_checkpoints: bool, bootstrap: str) -> None:  # type: ignore[no-untyped-def]
    """Check every link of a service's audit chain under its key (<SERVICE>_AUDIT_KEY)."""
    from shared.audit import verify_chain
    from shared.audit.checkpoints import read_checkpoints

    async def verify():  # type: ignore[no-untyped-def]
        ctx = svc.context()
        db, seal = ctx.database, ctx.database.audit
        try:
            checkpoints = await read_checkpoints(bootstrap, seal.service) \
                if against_checkpoints else []
            with Progress(console=err, transient=True) as bar:
                task = bar.add_task("verifying", total=None)
                async with db.reader() as session:
                    return checkpoints, await verify_chain(
                        session, seal.key,
                        lambda done, total: bar.update(task, completed=done, total=total),
                        checkpoints=checkpoints)
        finally:
            await db.dispose()

    checkpoints, report = asyncio.run(verify())
    click.echo(f"{svc.slug}: {report.message}")
    if against_checkpoints and not checkpoints:
        click.echo(f"{svc.slug}: no checkpoint of it was found on audit.checkpoint.v1 at "
                   f"{bootstrap}, so nothing outside the database vouches for its end")
        sys.exit(1)
    sys.exit(0 if report.intact else 1)




@click.group()
def report() -> None:
    """Credit reports (信用报告, CR-12)."""


@report.command("verify")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--keys", type=click.File("r", encoding="utf-8"), default=None,
              help="the issuer's JWKS as saved from its /.well-known/jwks.json; default: "
              "this installation's credit-rating keys (CREDIT_RATING_REPORT_SIGNING_KEY)")
def report_verify(file, keys) -> None:  # type: ignore[no-untyped-def]
    """Check a downloaded credit report (its JSON, with its detached Ed25519 JWS) offline:
    exit 0 when it is intact and signed by one of the keys, 1 naming why not."""
    from services.credit_rating.report_signing import (
        ReportNotVerified,
        read_keys,
        read_report,
        verify,
    )

    try:
        document = read_report(file.read())
        if keys is not None:
            key_set = read_keys(keys.read())
        else:
            key_set = service("credit_rating").context().report_signer.jwks()  # type: ignore[attr-defined]
        verified = verify(document, key_set)
    except ReportNotVerified as exc:
        click.echo(f"{file.name}: NOT verified: {exc}", err=True)
        sys.exit(1)
    entity, issuer = document.get("entity") or {}, document.get("issuer") or {}
    click.echo(f"{file.name}: verified: 信用报告 {document.get('number')} of "
               f"{entity.get('name')} ({entity.get('uscc')}), 报告日 {document.get('as_of')}, "
               f"issued by {issuer.get('name')}, signed with key {verified.key_id}")
