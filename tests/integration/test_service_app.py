"""Each of the five services, started on a migrated database and a real broker."""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from shared.access import Reviewer, actor_of
from shared.audit import record
from shared.auth import CallerDep
from shared.contracts import Envelope
from shared.messaging.embedded_broker import free_port
from shared.migrations import upgrade
from shared.platform_tables import audit_head, outbox
from shared.web import DomainProblem
from shared.web.deps import ContextDep, ReaderDep, ReferenceDep, UnitOfWorkDep
from shared.web.openapi import problems
from tests.integration import service_kit
from tests.integration.conftest import backend_params, wait_until
from tests.integration.pg import fresh_postgres_database
from tests.integration.service_kit import bearer

SERVICES = ["credit_rating", "inspection_draw", "case_transfer", "complaint_intake",
            "public_notice"]
CASES = [pytest.param((service, backend.values[0]), marks=backend.marks,
                      id=f"{service}-{backend.values[0]}")
         for service in SERVICES for backend in backend_params()]
PROBLEM = "application/problem+json"

trial_routes = APIRouter(prefix="/test")


class Filing(BaseModel):
    uscc: str = Field(min_length=18, max_length=18, description="统一社会信用代码")


@trial_routes.post("/filings")
async def file_filing(filing: Filing) -> Filing:
    return filing


@trial_routes.get("/filings/{uscc}")
async def read_filing(uscc: str) -> Filing:
    return Filing(uscc=uscc)


@trial_routes.get("/boom")
async def boom() -> None:
    raise RuntimeError("password=hunter2 in postgres://admin@db-internal")


@trial_routes.post("/transfers/C-1")
async def transfer_again() -> None:
    raise DomainProblem(409, "Case already transferred", "case C-1 went to SCJG already; "
                        "withdraw that transfer first", "case-already-transferred", case_id="C-1")


@trial_routes.get("/mine")
async def mine(caller: CallerDep) -> dict[str, str]:
    return {"dept": caller.dept}


@trial_routes.post("/reviews", responses=problems(409))
async def review(caller: Reviewer, uow: UnitOfWorkDep) -> dict[str, str]:
    await record(uow, actor=actor_of(caller), action="test.reviewed", subject=None, detail={})
    return {"reviewed_by": caller.dept}


@trial_routes.post("/events/{topic}")
async def record_event(topic: str, uow: UnitOfWorkDep, ctx: ContextDep,
                       reference: ReferenceDep) -> dict[str, int]:
    events = ctx.outbox
    envelope = Envelope(source=events.source, type="cn.gov.jianguan.test.noted.v1",
                        data={"departments": len(reference.departments)})
    await events.add_envelope(uow, envelope, topic=topic, key="K1")
    return {"departments": len(reference.departments)}


@trial_routes.get("/events")
async def count_events(session: ReaderDep) -> dict[str, int]:
    query = select(func.count()).select_from(outbox)
    return {"events": (await session.execute(query)).scalar_one()}


@pytest.fixture(scope="module", params=CASES)
async def migrated(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """``(service, database URL)``, upgraded to head once per module."""
    service, backend = request.param
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp(service)}/{service}.db"
        await asyncio.to_thread(upgrade, service, url)
        yield service, url
        return
    async with fresh_postgres_database(os.environ["TEST_POSTGRES_URL"]) as url:
        await asyncio.to_thread(upgrade, service, url)
        yield service, url


def make_app(service: str, url: str, bootstrap: str, **overrides: object) -> FastAPI:
    settings_class = importlib.import_module(f"services.{service}.config").Settings
    settings = settings_class(database_url=url, kafka_bootstrap_servers=bootstrap,
                              consumers_enabled=False, **overrides)
    app = importlib.import_module(f"services.{service}.app").create_app(settings)
    app.include_router(trial_routes)
    return app


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as client:
            yield client


async def test_probes_answer_and_metrics_count_requests_by_route(migrated, broker):
    service, url = migrated
    async with serving(make_app(service, url, broker.bootstrap)) as client:
        assert (await client.get("/healthz")).json() == {"status": "alive"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}
        await client.get("/test/filings/91370200MA3C8L9X2Q")
        scrape = await client.get("/metrics")
    assert scrape.headers["content-type"].startswith("text/plain; version=0.0.4")
    for name in ("http_requests_total", "http_request_duration_seconds", "outbox_backlog",
                 "outbox_published_total", "consumer_lag", "dlq_messages_total"):
        assert f"# TYPE {name.removesuffix('_total')}" in scrape.text, name
    assert 'route="/readyz",status="200"' in scrape.text
    assert 'route="/test/filings/{uscc}"' in scrape.text  # the template, not the USCC


async def test_readyz_names_an_unreachable_broker(migrated):
    service, url = migrated
    closed = f"127.0.0.1:{free_port()}"
    async with serving(make_app(service, url, closed, relay_enabled=False)) as client:
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.headers["content-type"] == PROBLEM
    body = ready.json()
    assert body["type"] == "https://jianguan.gov.cn/problems/not-ready"
    assert body["detail"].startswith(f"broker: broker unreachable ({closed}")
    assert body["checks"]["database"] == "ok"


async def test_every_error_is_a_problem_document(migrated, broker):
    service, url = migrated
    async with serving(make_app(service, url, broker.bootstrap)) as client:
        missing = await client.get("/no/such/thing")
        invalid = await client.post("/test/filings", json={"uscc": "91370200"})
        crashed = await client.get("/test/boom")
        refused = await client.post("/test/transfers/C-1")
        anonymous = await client.get("/test/mine")

    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert missing.json()["instance"] == "/no/such/thing"
    assert missing.json()["type"] == "https://jianguan.gov.cn/problems/not-found"

    assert invalid.status_code == 422
    problem = invalid.json()
    assert problem["type"] == "https://jianguan.gov.cn/problems/validation"
    assert problem["errors"][0]["field"] == "body.uscc"
    assert problem["detail"].startswith("body.uscc: String should have at least 18 characters")

    assert crashed.status_code == 500 and crashed.headers["content-type"] == PROBLEM
    assert re.fullmatch(r"[0-9a-f]{32}", crashed.json()["trace_id"])
    assert crashed.json()["trace_id"] in crashed.headers["traceparent"]
    assert "hunter2" not in crashed.text and "Traceback" not in crashed.text

    assert refused.status_code == 409
    assert refused.json()["type"] == "https://jianguan.gov.cn/problems/case-already-transferred"
    assert refused.json()["case_id"] == "C-1"

    assert anonymous.status_code == 401 and anonymous.headers["content-type"] == PROBLEM
    assert anonymous.headers["www-authenticate"].startswith("Bearer")


async def test_the_response_continues_the_callers_trace(migrated, broker):
    service, url = migrated
    trace_id, parent = secrets.token_hex(16), secrets.token_hex(8)
    async with serving(make_app(service, url, broker.bootstrap)) as client:
        answer = await client.get("/healthz", headers={"traceparent": f"00-{trace_id}-{parent}-01"})
        fresh = await client.get("/healthz")
    returned = answer.headers["traceparent"].split("-")
    assert returned[1] == trace_id and returned[2] != parent
    assert fresh.headers["traceparent"].split("-")[1] != trace_id


async def test_an_event_written_in_a_request_reaches_the_broker(migrated, broker):
    service, url = migrated
    app = make_app(service, url, broker.bootstrap)
    async with serving(app) as client:
        before = (await client.get("/test/events")).json()["events"]
        topic = f"test.{service}.{secrets.token_hex(4)}"
        answer = await client.post(f"/test/events/{topic}")
        assert answer.status_code == 200 and answer.json()["departments"] > 0
        assert (await client.get("/test/events")).json()["events"] == before + 1

        async def published() -> bool:
            return "outbox_backlog 0.0" in (await client.get("/metrics")).text

        await wait_until(published, timeout=20, what="the relay to publish the event")
    assert app.state.outbox.source == "/jianguan/" + service.replace("_", "-")


async def test_the_openapi_document_describes_the_service(migrated, broker):
    service, url = migrated
    async with serving(make_app(service, url, broker.bootstrap)) as client:
        document = (await client.get("/openapi.json")).json()
    tags = [tag["name"] for tag in document["tags"]]
    assert service.replace("_", "-") in tags and "operations" in tags
    assert document["info"]["version"] and document["info"]["title"]
    assert "/readyz" in document["paths"]


async def test_a_token_of_a_department_outside_the_reference_data_is_refused(migrated, broker):
    service, url = migrated
    async with serving(make_app(service, url, broker.bootstrap)) as client:
        unknown = await client.get("/test/mine", headers=bearer("FOO", "officer"))
        known = await client.get("/test/mine", headers=bearer("SCJG", "officer"))
    assert unknown.status_code == 403 and unknown.headers["content-type"] == PROBLEM
    assert unknown.json()["type"] == "https://jianguan.gov.cn/problems/unknown-department"
    assert "'FOO'" in unknown.json()["detail"]
    assert known.json() == {"dept": "SCJG"}


async def test_a_write_names_the_role_it_needs(migrated, broker):
    service, url = migrated
    async with serving(make_app(service, url, broker.bootstrap)) as client:
        without = await client.post("/test/reviews", headers=bearer("SCJG"))
        officer = await client.post("/test/reviews", headers=bearer("SCJG", "officer"))
        reviewer = await client.post("/test/reviews", headers=bearer("SCJG", "reviewer"))
    for refused in (without, officer):
        assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
        assert refused.json()["role"] == "reviewer"
        assert "needs the role 'reviewer'" in refused.json()["detail"]
    assert reviewer.json() == {"reviewed_by": "SCJG"}


async def test_the_audit_head_is_published_outside_the_database(migrated, broker):
    service, url = migrated
    app = make_app(service, url, broker.bootstrap, audit_checkpoint_seconds=0.1)
    async with serving(app) as client:
        assert (await client.post("/test/reviews", headers=bearer("SCJG", "reviewer"))).is_success
        async with app.state.db.reader() as session:
            head = (await session.execute(select(audit_head.c.seq, audit_head.c.hash))).one()

        async def head_checkpointed() -> bool:
            published = await service_kit.events(app, "audit.checkpoint.v1")
            return any((c["seq"], c["hash"]) == (head.seq, head.hash) for c in published)

        await wait_until(head_checkpointed, timeout=10, what="a checkpoint of the audit head")
        published = await service_kit.events(app, "audit.checkpoint.v1")
    assert {c["service"] for c in published} == {service.replace("_", "-")}


async def test_the_openapi_lists_each_error_as_a_problem_and_marks_public_operations(
        migrated, broker):
    service, url = migrated
    async with serving(make_app(service, url, broker.bootstrap)) as client:
        document = (await client.get("/openapi.json")).json()
    review = document["paths"]["/test/reviews"]["post"]
    assert set(review["responses"]) >= {"401", "403", "409"}
    assert review["x-required-role"] == "reviewer"
    for status in ("401", "403", "409"):
        (media,) = review["responses"][status]["content"]
        assert media == PROBLEM
        assert review["responses"][status]["content"][media]["schema"] == {
            "$ref": "#/components/schemas/Problem"}
    filing = document["paths"]["/test/filings"]["post"]
    assert filing["security"] == [] and "422" in filing["responses"]
    assert "HTTPValidationError" not in document["components"]["schemas"]
    assert document["components"]["schemas"]["Problem"]["required"] == [
        "type", "title", "status", "detail", "instance"]
