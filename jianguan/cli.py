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


def _suite_broker(ctx, _param, value):  # type: ignore[no-untyped-def]
    from jianguan.runner import suite_bootstrap

    return value or suite_bootstrap()


BROKER = click.option(
    "--bootstrap", default=None, callback=_suite_broker,
    help="the broker; default: the one `jianguan run` uses (KAFKA_BOOTSTRAP_SERVERS, else "
    "the embedded broker on 127.0.0.1:JIANGUAN_BROKER_PORT, 9092 by default)")


@topics.command("create")
@BROKER
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


class Instant(click.ParamType):
    """An ISO 8601 time: with an offset (``+08:00``, ``Z``) as given, without one China
    time (UTC+8), never silently UTC."""

    name = "time"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, datetime):
            return value
        from shared.clock import CHINA_TIME

        text = str(value).strip().replace(" ", "T", 1)
        try:
            at = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            self.fail(f"{value!r} is not a time; write 2026-11-22T08:00:00+08:00 (China "
                      "time when no offset is given), or a date", param, ctx)
        return (at if at.tzinfo else at.replace(tzinfo=CHINA_TIME)).astimezone(UTC)


@outbox.command("replay")
@SERVICE
@click.option("--since", required=True, type=Instant(),
              help="ISO 8601 with an offset (2026-11-22T08:00:00+08:00, …Z); without one it "
              "is China time (UTC+8)")
@BROKER
def outbox_replay(svc, since: datetime, bootstrap: str) -> None:  # type: ignore[no-untyped-def]
    """Publish again every event written since TIME (consumers dedupe)."""
    from shared.clock import CHINA_TIME
    from shared.messaging.operations import replay_outbox

    async def replay() -> int:
        db = svc.context().database
        try:
            with Progress(console=err) as bar:
                task = bar.add_task(f"replaying {svc.slug}", total=None)
                return await replay_outbox(
                    db, bootstrap, since, lambda d, t: bar.update(task, completed=d, total=t))
        finally:
            await db.dispose()

    shown = since.astimezone(CHINA_TIME).isoformat(timespec="seconds")
    click.echo(f"{svc.slug}: {asyncio.run(replay())} events published again "
               f"(written since {shown}) to {bootstrap}")


@main.group()
def dlq() -> None:
    """Dead letters, as each consuming service keeps them in its database (they outlive
    the broker; a copy also goes to <topic>.dlq when it fits)."""


def _dlq_services(svc):  # type: ignore[no-untyped-def]
    from jianguan.suite import consumed_by

    return [svc] if svc is not None else [s for s in SERVICES if consumed_by(s)]


DLQ_SERVICE = click.option("--service", "svc", default=None, callback=lambda c, p, v: (
    _service(c, p, v) if v else None), help="only this service (default: every consumer)")
DLQ_TOPIC = click.option("--topic", default=None, help="only this topic (or its .dlq)")


def _china(at: datetime | None) -> str:
    from shared.clock import CHINA_TIME

    return at.astimezone(CHINA_TIME).strftime("%m-%d %H:%M:%S") if at else ""


@dlq.command("list")
@DLQ_SERVICE
@DLQ_TOPIC
def dlq_list(svc, topic: str | None) -> None:  # type: ignore[no-untyped-def]
    """Show dead letters: where they came from, why, when, and whether replayed."""
    from shared.messaging.operations import stored_dead_letters

    table = Table("service", "id", "topic", "partition/offset", "error", "tries",
                  "failed first / last (UTC+8)", "replayed")
    total = pending = 0
    for one in _dlq_services(svc):
        letters = asyncio.run(_with_database(one, stored_dead_letters, topic))
        for lt in letters:
            size = f" [{lt.value_size:,} bytes, kept truncated]" if lt.truncated else ""
            table.add_row(one.slug, str(lt.id), lt.topic, f"{lt.partition}/{lt.offset}",
                          lt.error[:70] + size, f"{lt.attempts}×{lt.failures}",
                          f"{_china(lt.first_failed_at)} / {_china(lt.last_failed_at)}",
                          f"yes ({lt.replays}×, {_china(lt.replayed_at)})"
                          + (", failed again" if lt.pending else "") if lt.replays else "no")
        total += len(letters)
        pending += sum(lt.pending for lt in letters)
    Console(width=200).print(table)
    click.echo(f"{total} dead letters, {pending} not replayed")


async def _with_database(svc, action, *args, **kwargs):  # type: ignore[no-untyped-def]
    db = svc.context().database
    try:
        return await action(db, *args, **kwargs)
    finally:
        await db.dispose()


@dlq.command("replay")
@DLQ_SERVICE
@DLQ_TOPIC
@click.option("--id", "letter_id", type=int, default=None, help="only this letter (with "
              "--service)")
@click.option("--value-file", type=click.File("rb"), default=None,
              help="the repaired message to send instead of the letter's body (with --id)")
@BROKER
def dlq_replay(svc, topic: str | None, letter_id: int | None, value_file,  # type: ignore[no-untyped-def]
               bootstrap: str) -> None:
    """Send each dead letter not replayed since it last failed back to its original topic,
    once, and mark it replayed; or one letter (--id), repaired (--value-file)."""
    from shared.messaging.operations import replay_stored_dead_letters

    if (letter_id is not None or value_file is not None) and svc is None:
        raise click.UsageError("--id and --value-file need --service (ids are per service)")
    if value_file is not None and letter_id is None:
        raise click.UsageError("--value-file replaces one letter's body: give its --id")
    value = value_file.read() if value_file is not None else None
    replayed = 0
    for one in _dlq_services(svc):
        outcome = asyncio.run(_with_database(
            one, replay_stored_dead_letters, bootstrap, topic=topic, letter_id=letter_id,
            value=value))
        replayed += len(outcome.replayed)
        for kept in outcome.truncated:
            click.echo(f"{one.slug}: letter {kept} was kept truncated (too large); replay it "
                       f"repaired with --id {kept} --value-file FILE")
    click.echo(f"{replayed} dead letters replayed to {bootstrap}")


from jianguan.credit_commands import import_, regrade  # noqa: E402  (registered below)

main.add_command(import_)
main.add_command(regrade)

from jianguan.deadline_commands import complaints, overdue  # noqa: E402  (registered below)

main.add_command(overdue)
main.add_command(complaints)

from jianguan.draw_commands import draw  # noqa: E402  (registered below)

main.add_command(draw)

@main.group()
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


if __name__ == "__main__":
    main()
