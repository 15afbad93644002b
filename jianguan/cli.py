"""The operator CLI ``jianguan`` (运维命令行)."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from jianguan.suite import SERVICES, service

err = Console(stderr=True)


def _service(ctx, _param, value):  # type: ignore[no-untyped-def]
    try:
        return service(value)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0])) from exc


SERVICE = click.option(
    "--service",
    "svc",
    required=True,
    callback=_service,
    help="credit-rating, inspection-draw, case-transfer, complaint-intake or public-notice",
)


@click.group()
def main() -> None:
    """jianguan 监管: run and operate the market-supervision suite."""


@main.command()
def run() -> None:
    """Run the whole suite on the embedded default (what `make run` calls)."""
    from jianguan.runner import StartError, run_suite

    try:
        sys.exit(run_suite())
    except StartError as exc:
        click.echo(f"error: {exc}", err=True)  # one line, never wrapped
        sys.exit(1)


@main.command()
@click.argument("name", callback=_service)
@click.option("--host", default=None, envvar="JIANGUAN_HOST", help="default 127.0.0.1")
@click.option("--migrate/--no-migrate", default=True, help="run migrations first")
def serve(name, host: str | None, migrate: bool) -> None:  # type: ignore[no-untyped-def]
    """Serve one service (migrations first, then HTTP)."""
    import importlib

    from shared.migrations import upgrade
    from shared.web.serving import serve as serve_http

    settings = name.settings()
    if migrate:
        upgrade(name.name, settings.resolved_database_url())
    app = importlib.import_module(f"services.{name.name}.app").create_app(settings)
    serve_http(app, settings, host or "127.0.0.1")


@main.command()
@SERVICE
def migrate(svc) -> None:  # type: ignore[no-untyped-def]
    """Bring a service's database to the newest schema."""
    from shared.migrations import upgrade

    upgrade(svc.name, svc.settings().resolved_database_url())  # before any context exists
    err.print(f"{svc.slug}: database is at the newest revision")


@main.group()
def topics() -> None:
    """Kafka topics from deploy/kafka/topics.yaml."""


@topics.command("create")
@click.option("--bootstrap", envvar="KAFKA_BOOTSTRAP_SERVERS", default="127.0.0.1:9092")
def topics_create(bootstrap: str) -> None:
    """Create whichever topics (and their .dlq topics) do not exist yet."""
    from shared.messaging.kafka import TopicConfig, ensure_topics

    created = asyncio.run(ensure_topics(bootstrap, TopicConfig.load().all_topics()))
    err.print(f"created {len(created)} topics" if created else "all topics exist")


@main.command()
@click.option("--bootstrap", envvar="KAFKA_BOOTSTRAP_SERVERS", default="127.0.0.1:9092")
def asyncapi(bootstrap: str) -> None:
    """Print the AsyncAPI 3 document of every topic (generated from the event registry)."""
    import json

    from jianguan.suite import suite_asyncapi

    click.echo(json.dumps(suite_asyncapi(bootstrap), ensure_ascii=False, indent=2))


@main.group()
def token() -> None:
    """Development tokens (embedded default only; production uses the IdP)."""


@token.command("issue")
@click.option("--dept", default=None, help="department code, e.g. SCJG (not with --uscc)")
@click.option("--roles", default=None, help="comma-separated roles (default officer)")
@click.option("--uscc", default=None,
              help="a market entity's own token instead, bound to this USCC (role entity; "
              "credit-rating takes it for repair, objections and its own report)")
@click.option("--region", default="370200", help="6-digit region code")
@click.option("--hours", default=12, type=int, help="validity")
def token_issue(dept: str | None, roles: str | None, uscc: str | None, region: str,
                hours: int) -> None:
    """Print a signed bearer token for a department, or for a market entity (--uscc)."""
    from datetime import timedelta

    from shared.auth import TokenIssuer
    from shared.tokens import ENTITY_DEPT, ENTITY_ROLE

    if uscc is None and dept is None:
        raise click.UsageError("give --dept (a department's token) or --uscc (an entity's)")
    if uscc is not None and (dept is not None or roles not in (None, ENTITY_ROLE)):
        raise click.UsageError("an entity's token (--uscc) has no --dept and no other role; "
                               "its department is the reserved code " + ENTITY_DEPT)
    issuer = TokenIssuer.from_settings(SERVICES[0].settings())
    role_list = tuple(r.strip() for r in (roles or "officer").split(",") if r.strip())
    try:
        if uscc is not None:
            click.echo(issuer.issue(ENTITY_DEPT, region=region, ttl=timedelta(hours=hours),
                                    uscc=uscc))
        else:
            click.echo(issuer.issue(dept or "", roles=role_list, region=region,
                                    ttl=timedelta(hours=hours)))
    except ValueError as exc:  # an invalid USCC or a reserved code: say what to change
        raise click.UsageError(str(exc)) from exc


@main.group()
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


@main.group()
def outbox() -> None:
    """The transactional outbox."""


@outbox.command("replay")
@SERVICE
@click.option(
    "--since",
    required=True,
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
    help="UTC, e.g. 2026-11-22T08:00:00",
)
@click.option("--bootstrap", envvar="KAFKA_BOOTSTRAP_SERVERS", default="127.0.0.1:9092")
def outbox_replay(svc, since: datetime, bootstrap: str) -> None:  # type: ignore[no-untyped-def]
    """Publish again every event written since TIME (consumers dedupe)."""
    from shared.messaging.operations import replay_outbox

    async def replay() -> int:
        db = svc.context().database
        try:
            with Progress(console=err) as bar:
                task = bar.add_task(f"replaying {svc.slug}", total=None)
                return await replay_outbox(
                    db,
                    bootstrap,
                    since.replace(tzinfo=UTC),
                    lambda d, t: bar.update(task, completed=d, total=t),
                )
        finally:
            await db.dispose()

    click.echo(f"{svc.slug}: {asyncio.run(replay())} events published again")


@main.group()
def dlq() -> None:
    """Dead-letter topics (<topic>.dlq)."""


@dlq.command("list")
@click.option("--topic", default=None, help="only this topic (or its .dlq)")
@click.option("--bootstrap", envvar="KAFKA_BOOTSTRAP_SERVERS", default="127.0.0.1:9092")
def dlq_list(topic: str | None, bootstrap: str) -> None:
    """Show dead letters: where they came from, why, and whether replayed."""
    from shared.messaging.operations import list_dead_letters

    views = asyncio.run(list_dead_letters(bootstrap, topic))
    table = Table("topic", "partition/offset", "consumer", "attempts", "error", "replayed")
    for v in views:
        lt = v.letter
        table.add_row(
            lt.original_topic,
            f"{lt.original_partition}/{lt.original_offset}",
            lt.consumer,
            str(lt.attempts),
            lt.error[:80],
            "yes" if v.replayed else "no",
        )
    Console().print(table)
    click.echo(f"{len(views)} dead letters, {sum(not v.replayed for v in views)} not replayed")


@dlq.command("replay")
@click.option("--topic", default=None, help="only this topic (or its .dlq)")
@click.option("--bootstrap", envvar="KAFKA_BOOTSTRAP_SERVERS", default="127.0.0.1:9092")
def dlq_replay(topic: str | None, bootstrap: str) -> None:
    """Send each dead letter not yet replayed back to its original topic, once."""
    from shared.messaging.operations import replay_dead_letters

    with Progress(console=err) as bar:
        task = bar.add_task("replaying dead letters", total=None)
        count = asyncio.run(
            replay_dead_letters(
                bootstrap, topic, lambda d, t: bar.update(task, completed=d, total=t)
            )
        )
    click.echo(f"{count} dead letters replayed")


from jianguan.credit_commands import import_, regrade  # noqa: E402  (registered below)

main.add_command(import_)
main.add_command(regrade)

from jianguan.deadline_commands import complaints, overdue  # noqa: E402  (registered below)

main.add_command(overdue)
main.add_command(complaints)

from jianguan.draw_commands import draw  # noqa: E402  (registered below)

main.add_command(draw)

if __name__ == "__main__":
    main()
