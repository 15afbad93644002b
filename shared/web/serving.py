"""How a service is served over HTTP (服务进程): uvicorn with the suite's settings.

uvicorn rewrites the client address from ``X-Forwarded-For`` on its own when the peer is
in ``forwarded_allow_ips`` (127.0.0.1 by default), before the app sees the request: a
spoofed header from loopback would then pass as the client and get a fresh per-address
quota. Here uvicorn's proxy handling is off; only the app's trusted-proxy setting
(``JIANGUAN_TRUSTED_PROXIES``, :mod:`shared.web.client_address`) decides.
"""

from __future__ import annotations

import gc

import uvicorn
from fastapi import FastAPI

from shared.settings import ServiceSettings


def server_config(app: FastAPI, settings: ServiceSettings, host: str = "127.0.0.1",
                  port: int | None = None) -> uvicorn.Config:
    """The uvicorn configuration of a service: its port, no proxy-header rewriting."""
    return uvicorn.Config(
        app,
        host=host,
        port=settings.port if port is None else port,
        proxy_headers=False,  # the app reads X-Forwarded-For from trusted proxies only
        server_header=False,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=3,
    )


class ServiceServer(uvicorn.Server):
    """uvicorn's server, and once the app has started, what start-up made (modules,
    routes, reference data) is kept out of the collector's generations for the life of
    the process, so that each collection scans only what requests make (about 6% of
    public intake's throughput). Done here, in the served process, not in the app's
    lifespan: a test process starting hundreds of apps would collect at every start."""

    async def startup(self, sockets=None) -> None:  # type: ignore[no-untyped-def]
        await super().startup(sockets=sockets)
        freeze_startup_objects()


def freeze_startup_objects() -> None:
    """What the process made so far leaves the collector's generations for good (see
    :class:`ServiceServer`); a benchmark of a service's part calls it where the served
    process would, once the service's context is built."""
    gc.collect()
    gc.freeze()


def serve(app: FastAPI, settings: ServiceSettings, host: str = "127.0.0.1",
          port: int | None = None) -> None:
    """Serve ``app`` until SIGINT or SIGTERM."""
    ServiceServer(server_config(app, settings, host, port)).run()
