"""credit-rating's operator commands (信用评价运维): bulk import and batch re-grade.

Both work straight on the service's database, with a progress bar, built from the
service's context (``bootstrap.build``: database, outbox, rules, person key, clock); the
events they write leave through the outbox when the service's relay next runs.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import Progress

if TYPE_CHECKING:
    from services.credit_rating.bootstrap import CreditContext

err = Console(stderr=True)
DATABASE = click.option(
    "--database-url",
    "--service-url",
    "database_url",
    default=None,
    envvar="CREDIT_RATING_DATABASE_URL",
    help="credit-rating's database; default: its configured one",
)


def _context(database_url: str | None) -> CreditContext:
    """credit-rating's context from its configured settings (``database_url`` overriding
    its database); a bad rules file stops the command here, naming file and line."""
    from services.credit_rating.bootstrap import build
    from services.credit_rating.config import Settings

    return build(Settings(**({"database_url": database_url} if database_url else {})))


@click.group("import")
def import_() -> None:
    """Bulk imports straight into a service's database."""


@import_.command("entities")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default=None,
    help="csv (with a header row) or jsonl; default: from the file's extension",
)
@click.option(
    "--batch", "batch_size", type=click.IntRange(1, 1_000_000), default=None,
    help="entities per transaction (default 50,000: fastest; each holds the database's "
    "write lock a few seconds on SQLite, so import in smaller ones while the service "
    "takes writes)")
@DATABASE
def import_entities(file: Path, fmt: str | None, batch_size: int | None,
                    database_url: str | None) -> None:
    """Import market entities (CSV or JSON Lines) into credit-rating's registry."""
    from services.credit_rating.handlers.bulk_import import BadImportFile
    from services.credit_rating.handlers.bulk_import import import_entities as run_import

    fmt = fmt or ("jsonl" if file.suffix.lower() in (".jsonl", ".ndjson") else "csv")
    ctx = _context(database_url)
    with file.open("rb") as raw:
        total = sum(1 for _ in raw)

    async def run():  # type: ignore[no-untyped-def]
        try:
            with Progress(console=err) as bar, file.open(encoding="utf-8-sig", newline="") as lines:
                task = bar.add_task(f"importing {file.name}", total=total)
                return await run_import(
                    ctx,
                    ctx.database.unit_of_work,  # a transaction per batch: the service goes on
                    lines,
                    fmt,
                    actor="cli/jianguan-import",
                    progress=lambda line: bar.update(task, completed=line),
                    batch_size=batch_size,
                )
        finally:
            await ctx.database.dispose()

    try:
        report = asyncio.run(run())
    except BadImportFile as exc:
        click.echo(f"error: {exc.detail}", err=True)
        sys.exit(1)
    changes = report.changes
    click.echo(
        f"credit-rating: {len(changes.created)} created, {len(changes.updated)} "
        f"updated, {len(changes.unchanged)} unchanged, {report.rejected} rejected"
    )
    for line, reason in report.errors:
        click.echo(f"{file}:{line}: {reason}", err=True)
    sys.exit(2 if report.rejected else 0)


@click.command()
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="grade as of this day (default: today in China)",
)
@DATABASE
def regrade(as_of, database_url: str | None) -> None:  # type: ignore[no-untyped-def]
    """Re-grade every entity under the current credit rules (after a new rule version)."""
    from services.credit_rating.handlers.batch_regrade import regrade_all

    ctx = _context(database_url)
    day: date = as_of.date() if as_of else ctx.clock.today()

    async def run():  # type: ignore[no-untyped-def]
        try:
            with Progress(console=err) as bar:
                task = bar.add_task(f"re-grading under rules {ctx.rules.version}", total=None)
                return await regrade_all(
                    ctx,
                    day,
                    actor="cli/jianguan-regrade",
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        finally:
            await ctx.database.dispose()

    summary = asyncio.run(run())
    click.echo(
        f"credit-rating: {summary.entities} entities re-graded under rules "
        f"{summary.rule_version}; {summary.changed} changed grade"
    )
    sys.exit(0)
