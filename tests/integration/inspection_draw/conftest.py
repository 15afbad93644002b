"""inspection-draw on a migrated database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from services.inspection_draw.app import create_app
from services.inspection_draw.bootstrap import DrawContext, build
from services.inspection_draw.config import Settings
from services.inspection_draw.handlers import mirror
from shared.auth import TokenIssuer
from shared.clock import Clock
from shared.contracts.credit import EntityUpserted, GradeChanged
from shared.contracts.credit_lists import BlacklistChanged
from shared.platform_tables import outbox
from shared.settings import ServiceSettings
from shared.uscc import generate_many
from tests.clock import TODAY, service_clock
from tests.integration import service_kit
from tests.integration.conftest import backend_params
from tests.integration.service_kit import bearer, migrated_database
from tests.integration.service_kit import events as events  # re-exported for the tests

_codes = iter(generate_many(5000, seed=4040404))
_serial = itertools.count(1)
YEAR = TODAY.year
ORDINARY_SCJG, ORDINARY_STHJ, KEY_AREA = "SCJG-008", "STHJ-001", "SCJG-001"


def fresh_usccs(n: int) -> list[str]:
    return [next(_codes) for _ in range(n)]


@pytest.fixture(scope="module", params=backend_params())
async def database(request, tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    async with migrated_database("inspection_draw", request.param, tmp_path_factory) as url:
        yield url


def make_app(url: str, bootstrap: str = "127.0.0.1:1", *, clock: Clock | None = None,
             **overrides: Any) -> FastAPI:
    """The app on the tests' clock (or ``clock``); relay and consumers off unless asked for."""
    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap,
                        **{"relay_enabled": False, "consumers_enabled": False, **overrides})
    return create_app(context=build(settings, clock=clock or service_clock()))


def officer_and_reviewer(department: str, client_id: str) -> dict[str, str]:
    """One token (one client) holding both roles, to show it cannot approve and draw."""
    issuer = TokenIssuer.from_settings(ServiceSettings())
    token_text = issuer.issue(department, roles=["officer", "reviewer"], client_id=client_id)
    return {"Authorization": f"Bearer {token_text}"}


def context_of(app: FastAPI) -> DrawContext:
    return app.state.context


def serving(app: FastAPI):  # type: ignore[no-untyped-def]
    return service_kit.serving(app, base_url="http://draw.test")


token = bearer
SCJG, STHJ, WSJK = token("SCJG", "officer"), token("STHJ", "officer"), token("WSJK", "officer")
SF = token("SF", "reviewer")  # plans are filed (备案) by a reviewer of the justice department


@pytest.fixture
async def client(database) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with serving(make_app(database)) as c:
        yield c


async def mirror_objects(app: FastAPI, grades: Sequence[str | None], *,
                         region: str | None = None, blacklisted: Sequence[str] = (),
                         no_penalty: Sequence[bool] = ()) -> list[str]:
    """Feed the mirror through its event handlers: one object per grade given."""
    usccs = fresh_usccs(len(grades))
    region = region or f"3702{next(_serial) % 100:02d}"
    ctx = context_of(app)
    now = ctx.clock.now()
    async with ctx.database.unit_of_work() as uow:
        clean = list(no_penalty) or [False] * len(usccs)
        for uscc, grade, three_years in zip(usccs, grades, clean, strict=True):
            await mirror.register_object(ctx, uow, EntityUpserted(
                uscc=uscc, name="测试企业", region=region, industry="C1391",
                established_on=date(2015, 3, 1), new_economy=False))
            if grade is not None:
                await mirror.change_grade(ctx, uow, GradeChanged(
                    uscc=uscc, old_grade=None, new_grade=grade, score=80.0,
                    rule_version="2026.1", no_penalty_3y=three_years, changed_at=now))
        for uscc in blacklisted:
            await mirror.change_blacklisting(ctx, uow, BlacklistChanged(
                uscc=uscc, listed=True, reason="严重失信", record_ids=[], measures=[],
                legal_representative_hash=None, changed_at=now))
    return usccs


async def inspectors(client: httpx.AsyncClient, department: str, matters: list[str],
                     count: int) -> list[str]:
    ids = []
    for _ in range(count):
        inspector_id = f"{department}-{next(_serial):05d}"
        answer = await client.post("/v1/inspectors", headers=token(department, "officer"), json={
            "inspector_id": inspector_id, "department": department,
            "certificate": f"37{next(_serial):08d}", "matters": matters, "region": "370200"})
        assert answer.status_code == 200, answer.text
        ids.append(inspector_id)
    return ids


async def published_task(client: httpx.AsyncClient, matters: list[str], region: str, *,
                         department: str = "SCJG", joint_with: Sequence[str] = (),
                         year: int = YEAR, **task: Any) -> str:
    """A published plan with one task over ``region``; returns the task id."""
    headers = token(department, "officer")
    plan = await client.post("/v1/plans", headers=headers, json={
        "year": year, "title": f"{year} 年度双随机抽查计划", "joint_with": list(joint_with)})
    assert plan.status_code == 201, plan.text
    plan_id = plan.json()["id"]
    body = {"matters": matters, "population": {"regions": [region]},
            "window_start": f"{year}-01-05", "window_end": f"{year}-12-31", **task}
    body = {k: v for k, v in body.items() if v is not None}
    added = await client.post(f"/v1/plans/{plan_id}/tasks", headers=headers, json=body)
    assert added.status_code == 201, added.text
    for step, who in ((":file", SF), (":publish", headers)):
        answer = await client.post(f"/v1/plans/{plan_id}{step}", headers=who)
        assert answer.status_code == 200, answer.text
    return added.json()["id"]


async def outbox_topics(app: FastAPI, key: str) -> list[str]:
    """The topics of the outbox events keyed ``key``, in the order they were written."""
    query = select(outbox.c.topic).where(outbox.c.key == key).order_by(outbox.c.id)
    async with app.state.db.reader() as session:
        return list((await session.execute(query)).scalars())
