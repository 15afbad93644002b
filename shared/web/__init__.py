"""The HTTP edge every service shares (网络层): app factory, problems, telemetry, deps."""

from __future__ import annotations

from shared.web import paths  # noqa: F401  (registers the {name:key} path convertor)
from shared.web.problems import DomainProblem
from shared.web.service_app import service_app

__all__ = ["DomainProblem", "service_app"]
