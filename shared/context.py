"""The composition root's common part (组合根): what every service's context holds.

Each service's ``bootstrap.build(settings)`` returns one frozen, typed context, a
subclass of :class:`ServiceContext` that adds the service's own rules and keys. The app,
every CLI command and every benchmark build from it; nothing else wires a service by
hand. Building connects to nothing (the engine opens its first connection on first use).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.calendar_data import check_calendar
from shared.clock import Clock, clock_from
from shared.db import AuditSeal, Database
from shared.messaging.outbox import Outbox
from shared.reference import ReferenceData, load_reference
from shared.settings import ServiceSettings

CALENDAR_DIRECTORY = "calendar"  # deploy/reference/calendar/<year>.yaml


@dataclass(frozen=True)
class ServiceContext:
    """Settings, database (with its outbox and audit seal), reference data and clock."""

    settings: ServiceSettings
    database: Database
    reference: ReferenceData
    clock: Clock

    @property
    def outbox(self) -> Outbox:
        assert isinstance(self.database.outbox, Outbox)
        return self.database.outbox


def event_source(settings: ServiceSettings) -> str:
    """The CloudEvents ``source`` of this service's events: ``/jianguan/credit-rating``."""
    return "/jianguan/" + settings.slug


def platform_parts(settings: ServiceSettings, clock: Clock | None = None) -> dict[str, Any]:
    """The common fields of a service's context, built from ``settings``: pass them on as
    ``ServiceContextSubclass(**platform_parts(settings), rules=…)``.

    A bad reference file stops the build here, naming the file, the line and the problem.
    """
    database = Database(settings.resolved_database_url(),
                        outbox=Outbox(event_source(settings)),
                        audit=AuditSeal(settings.audit_key.encode("utf-8"), settings.slug),
                        busy_seconds=settings.sqlite_busy_seconds)
    clock = clock or clock_from(settings.clock_start)
    reference = load_reference(settings.reference_dir)
    # the operator's holiday calendars (a bad file stops the start); warns for this year and
    # the next when neither chinese_calendar nor a supplied file covers them
    check_calendar(settings.reference_dir / CALENDAR_DIRECTORY, clock.today())
    return {"settings": settings, "database": database, "reference": reference,
            "clock": clock}


def build_platform(settings: ServiceSettings, clock: Clock | None = None) -> ServiceContext:
    """The context of a service that needs nothing beyond the platform."""
    return ServiceContext(**platform_parts(settings, clock))
