"""credit-rating on a migrated database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.credit_rating.app import create_app
from services.credit_rating.bootstrap import CreditContext, build
from services.credit_rating.config import Settings
from shared.uscc import generate_many
from tests.clock import TODAY, days_ago, service_clock
from tests.integration import service_kit
from tests.integration.conftest import backend_params
from tests.integration.service_kit import bearer, migrated_database
from tests.integration.service_kit import events as events  # re-exported for the tests

_codes = iter(generate_many(2000, seed=20261122))


def fresh_uscc() -> str:
    """A valid USCC no other test of the session uses."""
    return next(_codes)


_serial = itertools.count(1)


def registration(uscc: str, **changes: Any) -> dict[str, Any]:
    return {"uscc": uscc, "name": f"青岛测试企业{next(_serial)}有限公司",
            "legal_representative": "张三", "registered_address": "青岛市黄岛区长江路 1 号",
            "region": "370211", "industry": "C1391", "established_on": "2015-03-01",
            **changes}


@pytest.fixture(scope="module", params=backend_params())
async def database(request, tmp_path_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A credit-rating database at head, shared by one module's tests."""
    async with migrated_database("credit_rating", request.param, tmp_path_factory) as url:
        yield url


def make_context(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> CreditContext:
    """credit-rating's context on ``url``, on the tests' clock (never the machine's date)."""
    settings = Settings(database_url=url, kafka_bootstrap_servers=bootstrap,
                        **{"relay_enabled": False, "consumers_enabled": False, **overrides})
    return build(settings, clock=service_clock())


def make_app(url: str, bootstrap: str = "127.0.0.1:1", **overrides: Any) -> FastAPI:
    """The app on ``url``, built on the tests' clock; ``overrides`` are settings."""
    return create_app(context=make_context(url, bootstrap, **overrides))


def context_of(app: FastAPI) -> CreditContext:
    return app.state.context


def serving(app: FastAPI):  # type: ignore[no-untyped-def]
    return service_kit.serving(app, base_url="http://credit.test")


token = bearer
REGISTRAR = token("SCJG", "registrar")
SCJG = token("SCJG", "officer")
YJGL = token("YJGL", "officer")
SCJG_REVIEWER = token("SCJG", "reviewer")  # decides what SCJG found (谁认定谁修复)
YJGL_REVIEWER = token("YJGL", "reviewer")
OPERATOR = token("SCJG", "operator")
NO_ROLE = token("SCJG")  # a valid token of a listed department, without any role


@pytest.fixture
async def client(database) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with serving(make_app(database)) as c:
        yield c


async def register(client: httpx.AsyncClient, **changes: Any) -> str:
    uscc = changes.pop("uscc", None) or fresh_uscc()
    answer = await client.post("/v1/entities", json=registration(uscc, **changes),
                               headers=REGISTRAR)
    assert answer.status_code == 201, answer.text
    return uscc


async def listing_proposals(client: httpx.AsyncClient, uscc: str,
                            status: str = "proposed") -> list[dict[str, Any]]:
    answer = await client.get("/v1/blacklist-proposals", headers=YJGL,
                              params={"uscc": uscc, "status": status})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def confirm_listing(client: httpx.AsyncClient, proposal: dict[str, Any], *,
                          notified_on: date, reviewer: dict[str, str] = SCJG_REVIEWER
                          ) -> httpx.Response:
    """列入决定 of ``proposal`` today, the entity notified on ``notified_on``."""
    return await client.post(f"/v1/blacklist-proposals/{proposal['id']}:confirm",
                             headers=reviewer, json={
                                 "notified_on": notified_on.isoformat(),
                                 "decided_on": TODAY.isoformat(),
                                 "decision_ref": "青市监信列〔2026〕1号"})


async def blacklist(client: httpx.AsyncClient, uscc: str, *,
                    decided_on: date | None = None) -> str:
    """A serious penalty of SCJG decided on ``decided_on`` (20 days ago by default) and
    SCJG's decision to list the entity on it today, the entity notified that day: the
    entity is on the 严重失信主体名单. The record's id."""
    decided_on = decided_on or days_ago(20)
    answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
        "kind": "administrative_penalty", "severity": "serious", "department": "SCJG",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "decided_on": decided_on.isoformat()})
    assert answer.status_code == 201, answer.text
    record_id = answer.json()["id"]
    proposal = next(p for p in await listing_proposals(client, uscc)
                    if record_id in p["record_ids"])
    confirmed = await confirm_listing(client, proposal, notified_on=decided_on)
    assert confirmed.status_code == 200, confirmed.text
    return record_id
