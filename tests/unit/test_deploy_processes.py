"""How the deploy files split a service over processes and reach it: complaint-intake's
web and worker containers, and an image that listens where its ports are published.
Parsed and cross-checked like ``test_deploy_files`` (nothing starts a container)."""

from __future__ import annotations

import re

import pytest

from shared.settings import service_env_prefix
from tests.unit.test_deploy_files import (
    app_services,
    dockerfile,
    env_of,
    settings_port,
    worker_services,
)


def test_complaint_intake_runs_as_a_web_and_a_worker_process():
    """The public is answered by the web process; the worker does the rest (issue 17)."""
    assert list(worker_services()) == ["complaint-intake-worker"]
    assert env_of(app_services()["complaint_intake"])["COMPLAINT_INTAKE_ROLE"] == "web"


@pytest.mark.parametrize("name", sorted(worker_services()))
def test_a_worker_shares_its_web_process_database_and_starts_after_it(name):
    worker = worker_services()[name]
    package = worker["build"]["args"]["SERVICE"]
    web = app_services()[package]
    assert worker["command"][:3] == ["jianguan", "serve", package]
    assert "--no-migrate" in worker["command"], "two processes would migrate at once"
    assert worker["depends_on"][package.replace("_", "-")]["condition"] == "service_healthy"
    assert worker["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert worker["depends_on"]["kafka-init"]["condition"] == \
        "service_completed_successfully"
    variable = service_env_prefix(package) + "DATABASE_URL"
    assert env_of(worker)[variable] == env_of(web)[variable]
    assert service_env_prefix(package) + "ROLE" not in env_of(worker), "the command says"
    assert env_of(web)[service_env_prefix(package) + "ROLE"] == "web", \
        "the web process would process too"
    assert not worker.get("ports"), "the worker serves only probes, inside the network"
    test = " ".join(worker["healthcheck"]["test"])
    assert f"127.0.0.1:{settings_port(package)}/readyz" in test


def test_the_image_serves_on_every_interface():
    """Inside a container 127.0.0.1 is the container's own: a published port or a
    Kubernetes Service reaches only a server listening on all interfaces."""
    from jianguan.cli import serve

    env = " ".join(args for instruction, args in dockerfile() if instruction == "ENV")
    assert re.search(r"\bJIANGUAN_HOST=0\.0\.0\.0\b", env), env
    assert [p.envvar for p in serve.params if p.name == "host"] == ["JIANGUAN_HOST"]
