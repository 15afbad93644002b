"""public-notice on a migrated database (SQLite, and PostgreSQL when configured), on the
tests' clock; events are delivered through the service's own consumer functions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import select

from services.public_notice import consumers
from services.public_notice.app import create_app
from services.public_notice.bootstrap import PublicNoticeContext, build
from services.public_notice.config import Settings
from services.public_notice.models import Notice
from shared.contracts import Envelope
from shared.contracts.credit import EntityUpserted, RecordAdded
from shared.uscc import generate_many
from tests.clock import days_ago, service_clock
from tests.integration import service_kit
from tests.integration.conftest import backend_params
from tests.integration.service_kit import bearer, migrated_database
from tests.integration.service_kit import events as events  # re-exported for the tests

_codes = iter(generate_many(5000, seed=105105))
SOURCES = {"credit": "/jianguan/credit-rating", "inspection": "/jianguan/inspection-draw",
           "case": "/jianguan/case-transfer", "complaint": "/jianguan/complaint-intake"}
SCJG_OFFICER, STHJ_OFFICER = bearer("SCJG", "officer"), bearer("STHJ", "officer")


def fresh_uscc() -> str:
    return next(_codes)


@pytest.fixture(scope="module", params=backend_params())
async def database(request, tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    async with migrated_database("public_notice", request.param, tmp_path_factory) as url:
        yield url


def make_app(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> FastAPI:
    """The app on the tests' clock; relay, consumers and the sweep off unless asked for."""
    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap, **{
        "relay_enabled": False, "consumers_enabled": False, "expiry_sweep_seconds": 0,
        "audit_checkpoint_seconds": 0, **overrides})
    return create_app(context=build(settings, clock=service_clock()))


def context_of(app: FastAPI) -> PublicNoticeContext:
    return app.state.context


def serving(app: FastAPI):  # type: ignore[no-untyped-def]
    return service_kit.serving(app, base_url="http://notice.test")


@pytest.fixture
async def app(database) -> AsyncIterator[FastAPI]:  # type: ignore[no-untyped-def]
    made = make_app(database)
    yield made


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with serving(app) as c:
        yield c


def envelope(payload: BaseModel, source: str = "credit", event_id: str | None = None) -> Envelope:
    spec = type(payload).__event_spec__  # type: ignore[attr-defined]
    extra = {"id": event_id} if event_id else {}
    return Envelope(source=SOURCES[source], type=spec.type,
                    subject=str(getattr(payload, spec.key)),
                    data=payload.model_dump(mode="json"), **extra)


async def deliver(app: FastAPI, *envelopes: Envelope, read_ahead: bool = True) -> None:
    """Run the service's consumer for each envelope in one unit of work, as the consumer
    runner does for a batch (without its inbox: a duplicate here reaches the handler):
    the batch read ahead first, as on the runner's batch path; ``read_ahead=False``: as
    on its message-by-message path, each handler asking the database itself."""
    ctx = context_of(app)
    bound = consumers.consumers.bind(ctx)
    async with ctx.database.unit_of_work() as uow:
        if read_ahead and bound.read_ahead is not None:
            await bound.read_ahead(uow, list(envelopes))
        for one in envelopes:
            await bound.handlers[one.name](uow, one)


async def send(app: FastAPI, payload: BaseModel, source: str = "credit", *,
               read_ahead: bool = True) -> Envelope:
    """Deliver one event made of ``payload``; its envelope."""
    made = envelope(payload, source)
    await deliver(app, made, read_ahead=read_ahead)
    return made


async def register(app: FastAPI, name: str = "青岛海岸食品有限公司",
                   uscc: str | None = None) -> str:
    uscc = uscc or fresh_uscc()
    await send(app, EntityUpserted(uscc=uscc, name=name, region="370211", industry="C1391",
                                   established_on=date(2019, 5, 20), new_economy=False))
    return uscc


def penalty(uscc: str, *, department: str = "SCJG", severity: str = "general",
            decided_on: date | None = None, kind: str | None = None,
            fine: str | None = None, ban_until: date | None = None,
            record_id: str | None = None) -> RecordAdded:
    return RecordAdded(record_id=record_id or f"rec-{fresh_uscc()}", uscc=uscc,
                       kind="administrative_penalty", severity=severity,  # type: ignore[arg-type]
                       department=department, decided_on=decided_on or days_ago(2),
                       status="active", published=True, publicity_end=None,
                       penalty_kind=kind, fine_yuan=Decimal(fine) if fine else None,  # type: ignore[arg-type]
                       ban_until=ban_until)


async def notices_of(app: FastAPI, uscc: str) -> list[Notice]:
    async with context_of(app).database.reader() as session:
        return list((await session.scalars(select(Notice).where(Notice.uscc == uscc)
                                           .order_by(Notice.number))).all())
