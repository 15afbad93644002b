"""The client address as a real uvicorn server hands it to a service (来源地址).

uvicorn rewrites the client from ``X-Forwarded-For`` by itself when the peer is loopback,
unless told not to; a spoofed header from 127.0.0.1 then got a fresh public quota. Only
``JIANGUAN_TRUSTED_PROXIES`` may make the app believe the header.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import APIRouter, Request

from services.case_transfer.app import create_app
from services.case_transfer.config import Settings
from shared.messaging.embedded_broker import free_port
from shared.web.client_address import client_address
from shared.web.serving import server_config

seen = APIRouter()


@seen.get("/test/address")
async def address(request: Request) -> dict[str, str]:
    return {"client": client_address(request, request.app.state.trusted_proxies)}


@asynccontextmanager
async def served(tmp_path, trusted: str) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/ct.db",
                        kafka_bootstrap_servers="127.0.0.1:1", relay_enabled=False,
                        consumers_enabled=False, audit_checkpoint_seconds=0,
                        trusted_proxies=trusted)
    app = create_app(settings)
    app.include_router(seen)
    port = free_port()
    server = uvicorn.Server(server_config(app, settings, port=port))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_a_forwarded_for_header_from_loopback_is_not_believed_by_default(tmp_path):
    async with served(tmp_path, trusted="") as url, httpx.AsyncClient() as client:
        answer = await client.get(f"{url}/test/address",
                                  headers={"X-Forwarded-For": "203.0.113.9"})
    assert answer.json() == {"client": "127.0.0.1"}


async def test_a_trusted_proxy_names_the_client(tmp_path):
    async with served(tmp_path, trusted="127.0.0.1") as url, httpx.AsyncClient() as client:
        answer = await client.get(f"{url}/test/address",
                                  headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
    assert answer.json() == {"client": "203.0.113.9"}
