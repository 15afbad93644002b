"""Operator commands of the messaging plumbing (消息运维): topics, the outbox's replay and the
dead letters each service keeps."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from jianguan.options import BROKER, SERVICE, err, service_argument
from jianguan.suite import SERVICES


@click.group()
def topics() -> None:
    """Kafka topics from deploy/kafka/topics.yaml."""


@topics.command("create")
@BROKER
def topics_create(bootstrap: str) -> None:
    """Create whichever topics (and their .dlq topics) do not exist yet."""
    from shared.messaging.kafka import TopicConfig, ensure_topics

    created = asyncio.run(ensure_topics(bootstrap, TopicConfig.load().all_topics()))
    err.print(f"created {len(created)} topics" if created else "all topics exist")




@click.group()
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


@click.group()
def dlq() -> None:
    """Dead letters, as each consuming service keeps them in its database (they outlive
    the broker; a copy also goes to <topic>.dlq when it fits)."""


def _dlq_services(svc):  # type: ignore[no-untyped-def]
    from jianguan.suite import consumed_by

    return [svc] if svc is not None else [s for s in SERVICES if consumed_by(s)]


DLQ_SERVICE = click.option("--service", "svc", default=None, callback=lambda c, p, v: (
    service_argument(c, p, v) if v else None), help="only this service (default: every consumer)")
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
