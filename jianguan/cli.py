"""The operator CLI ``jianguan`` (运维命令行)."""

from __future__ import annotations

import sys

import click

from jianguan.options import SERVICE, err, service_argument
from jianguan.suite import SERVICES


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
@click.argument("name", callback=service_argument)
@click.option("--host", default=None, envvar="JIANGUAN_HOST", help="default 127.0.0.1")
@click.option("--migrate/--no-migrate", default=True, help="run migrations first")
@click.option("--role", type=click.Choice(["all", "web", "worker"]), default=None,
              help="all: HTTP and the background work; web: HTTP only; worker: the "
              "background work (relay, consumers, periodic tasks), HTTP for probes and "
              "metrics only. Default: <PREFIX>ROLE, else all")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="default: <PREFIX>PORT, else the service's own port")
def serve(name, host: str | None, migrate: bool, role: str | None,  # type: ignore[no-untyped-def]
          port: int | None) -> None:
    """Serve one service (migrations first, then HTTP).

    A service may run as one process (``--role all``) or as a web process and a worker
    process on the same database (``--role web`` and ``--role worker --no-migrate``):
    then requests never wait behind the background work."""
    import importlib

    from shared.migrations import upgrade
    from shared.web.serving import serve as serve_http

    overrides = {key: value for key, value in (("role", role), ("port", port))
                 if value is not None}
    settings = name.settings(**overrides)
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


from jianguan.credit_commands import import_, regrade  # noqa: E402  (registered below)
from jianguan.messaging_commands import dlq, outbox, topics  # noqa: E402
from jianguan.record_commands import audit, report  # noqa: E402

for group in (topics, outbox, dlq, audit, report):
    main.add_command(group)

main.add_command(import_)
main.add_command(regrade)

from jianguan.deadline_commands import complaints, overdue  # noqa: E402  (registered below)

main.add_command(overdue)
main.add_command(complaints)

from jianguan.draw_commands import draw  # noqa: E402  (registered below)

main.add_command(draw)

if __name__ == "__main__":
    main()
