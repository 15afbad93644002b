"""The two servers of the check benchmark, served the same way (uvicorn, one process).

``python -m bench.check_servers hello PORT`` or ``… credit PORT DATABASE_URL BOOTSTRAP``.
"""

from __future__ import annotations

import sys

from fastapi import FastAPI

from shared.settings import ServiceSettings
from shared.web.serving import serve


def hello_app() -> FastAPI:
    app = FastAPI()

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    return app


def credit_app(database_url: str, bootstrap: str) -> FastAPI:
    """credit-rating as it runs, from its context (``bootstrap.build``)."""
    from services.credit_rating.app import create_app
    from services.credit_rating.bootstrap import build
    from services.credit_rating.config import Settings

    settings = Settings(database_url=database_url, kafka_bootstrap_servers=bootstrap)
    return create_app(context=build(settings))


if __name__ == "__main__":
    kind, port = sys.argv[1], int(sys.argv[2])
    app = hello_app() if kind == "hello" else credit_app(sys.argv[3], sys.argv[4])
    serve(app, ServiceSettings(), port=port)  # both as jianguan serve serves a service
