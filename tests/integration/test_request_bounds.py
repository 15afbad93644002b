"""What every service refuses at the door: bodies past their bound (413) and methods a
path does not take (405 naming every method the path does take)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from services.case_transfer.app import create_app
from services.case_transfer.config import Settings
from shared.web.body_limit import max_body
from tests.integration.service_kit import serving

routes = APIRouter(prefix="/test")


class Note(BaseModel):
    text: str


@routes.post("/notes")
async def note(body: Note) -> dict[str, int]:
    return {"length": len(body.text)}


@routes.post("/imports", openapi_extra=max_body(64 * 1024))
async def bulk(body: Note) -> dict[str, int]:
    return {"length": len(body.text)}


@routes.get("/things/{name}")
async def thing(name: str) -> dict[str, str]:
    return {"name": name}


@routes.put("/things/{name}")
async def put_thing(name: str) -> dict[str, str]:
    return {"name": name}


def app(tmp_path):  # type: ignore[no-untyped-def]
    built = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/c.db",
                                kafka_bootstrap_servers="127.0.0.1:1", relay_enabled=False,
                                consumers_enabled=False, audit_checkpoint_seconds=0,
                                max_body_bytes=4096))
    built.include_router(routes)
    return built


async def test_a_body_past_the_bound_is_a_413_and_a_route_may_take_more(tmp_path):
    async with serving(app(tmp_path)) as client:
        small = await client.post("/test/notes", json={"text": "x" * 100})
        large = await client.post("/test/notes", json={"text": "x" * 5000})
        allowed = await client.post("/test/imports", json={"text": "x" * 5000})

        async def chunks():  # no Content-Length: a chunked body is counted as it comes
            for _ in range(10):
                yield b" " * 1000

        streamed = await client.post("/test/notes", content=chunks(),
                                     headers={"content-type": "application/json"})
    assert small.json() == {"length": 100}
    for refused in (large, streamed):
        assert refused.status_code == 413
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["limit"] == 4096
    assert allowed.json() == {"length": 5000}


async def test_a_method_a_path_does_not_take_names_every_method_it_does(tmp_path):
    async with serving(app(tmp_path)) as client:
        wrong = await client.delete("/test/things/a")
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "GET, PUT"
    assert "use GET, PUT" in wrong.json()["detail"]


async def test_the_openapi_documents_400_and_413_where_a_body_is_taken(tmp_path):
    async with serving(app(tmp_path)) as client:
        document = (await client.get("/openapi.json")).json()
    assert {"400", "413", "422"} <= set(document["paths"]["/test/notes"]["post"]["responses"])
    assert "413" not in document["paths"]["/test/things/{name}"]["get"]["responses"]
    assert document["paths"]["/test/imports"]["post"]["x-max-body-bytes"] == 64 * 1024
