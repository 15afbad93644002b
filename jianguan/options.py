"""What the operator commands share (命令行选项): the service and broker options and the
console that reports on stderr."""

from __future__ import annotations

import click
from rich.console import Console

from jianguan.suite import service

err = Console(stderr=True)


def service_argument(ctx, _param, value):  # type: ignore[no-untyped-def]
    """A click callback: the service a slug or package name names, or a usage error."""
    return _service(ctx, _param, value)


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


def _suite_broker(ctx, _param, value):  # type: ignore[no-untyped-def]
    from jianguan.runner import suite_bootstrap

    return value or suite_bootstrap()


BROKER = click.option(
    "--bootstrap", default=None, callback=_suite_broker,
    help="the broker; default: the one `jianguan run` uses (KAFKA_BOOTSTRAP_SERVERS, else "
    "the embedded broker on 127.0.0.1:JIANGUAN_BROKER_PORT, 9092 by default)")
