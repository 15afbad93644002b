"""The deploy files agree with the code: docker-compose.yml, the Dockerfile, topics.

Nothing here starts a container. The files are parsed and cross-checked against the
service packages, their settings and the topic config, so a copied port, a database URL
under another service's variable or a broker address that only works on the host fails
here instead of in an operator's terminal.
"""

from __future__ import annotations

import fnmatch
import importlib
import pkgutil
import re
import tomllib
from functools import cache

import pytest
import yaml
from packaging.specifiers import SpecifierSet
from sqlalchemy.engine import make_url

import shared.contracts
from shared.contracts import all_specs
from shared.messaging.kafka import DLQ_SUFFIX, TOPICS_FILE, TopicConfig
from shared.settings import REPO_ROOT, service_env_prefix

DEPLOY = REPO_ROOT / "deploy"
SERVICES = sorted(p.parent.name for p in (REPO_ROOT / "services").glob("*/config.py"))
INFRA = {"kafka", "kafka-init", "postgres"}


# --- helpers ---------------------------------------------------------------------------
@cache
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def is_worker(spec: dict) -> bool:
    command = spec.get("command") or []
    return "--role" in command and command[command.index("--role") + 1] == "worker"


def app_services() -> dict[str, dict]:
    """The compose services that serve a service package's HTTP, keyed by package name."""
    return {name.replace("-", "_"): spec for name, spec in compose()["services"].items()
            if name not in INFRA and not is_worker(spec)}


def worker_services() -> dict[str, dict]:
    """The compose services running a package's background work (``--role worker``)."""
    return {name: spec for name, spec in compose()["services"].items() if is_worker(spec)}


def env_of(spec: dict) -> dict[str, str]:
    env = spec.get("environment") or {}
    if isinstance(env, list):  # the `- KEY=value` form
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def published_ports(spec: dict) -> set[tuple[int, int]]:
    """(host, container) pairs from the short ("8101:8101") or long port syntax."""
    pairs = set()
    for port in spec.get("ports") or []:
        if isinstance(port, dict):
            pairs.add((int(port["published"]), int(port["target"])))
        else:
            host, _, container = str(port).rpartition(":")
            pairs.add((int(host.rpartition(":")[2] or container), int(container)))
    return pairs


def settings_port(package: str) -> int:
    settings = importlib.import_module(f"services.{package}.config").Settings
    return settings.model_fields["port"].default


@cache
def init_sql() -> tuple[dict[str, str], dict[str, str]]:
    """({database: owner}, {role: password}) created by deploy/postgres/init.sql."""
    sql = (DEPLOY / "postgres" / "init.sql").read_text(encoding="utf-8")
    sql = re.sub(r"--[^\n]*", "", sql)
    dbs = dict(re.findall(r"CREATE DATABASE\s+\"?(\w+)\"?\s+OWNER\s+\"?(\w+)", sql, re.I))
    roles = dict(re.findall(r"CREATE (?:ROLE|USER)\s+\"?(\w+)\"?[^;]*?PASSWORD\s+'([^']*)'",
                            sql, re.I))
    return dbs, roles


@cache
def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [(ln.split(None, 1)[0].upper(), ln.split(None, 1)[1] if " " in ln.strip() else "")
            for ln in joined.splitlines() if ln.strip()]


# --- docker-compose.yml ----------------------------------------------------------------
def test_compose_runs_exactly_the_service_packages():
    assert SERVICES, "no services/<name>/config.py found"
    assert set(app_services()) == set(SERVICES)


def test_service_ports_are_distinct():
    ports = [settings_port(p) for p in SERVICES]
    assert len(set(ports)) == len(ports), dict(zip(SERVICES, ports, strict=True))


@pytest.mark.parametrize("package", SERVICES)
def test_compose_publishes_the_settings_port_and_probes_it(package):
    spec, port = app_services()[package], settings_port(package)
    assert published_ports(spec) == {(port, port)}
    test = spec["healthcheck"]["test"]
    command = " ".join(test) if isinstance(test, list) else test
    assert re.search(rf"https?://(127\.0\.0\.1|localhost):{port}/healthz\b", command), command


@pytest.mark.parametrize("package", SERVICES)
def test_compose_database_url_is_the_services_own(package):
    env = env_of(app_services()[package])
    variable = service_env_prefix(package) + "DATABASE_URL"
    assert [k for k in env if k.endswith("DATABASE_URL")] == [variable]
    url = make_url(env[variable])
    databases, roles = init_sql()
    assert url.drivername == "postgresql+asyncpg"
    assert url.host == "postgres" and url.host in compose()["services"]
    assert url.database in databases, f"init.sql does not create {url.database}"
    assert databases[url.database] == url.username, "the URL's user does not own its database"
    assert roles.get(url.username) == url.password, "init.sql gives that role another password"


def test_compose_services_do_not_share_a_database():
    urls = [make_url(env_of(spec)[service_env_prefix(pkg) + "DATABASE_URL"])
            for pkg, spec in app_services().items()]
    assert len({u.database for u in urls}) == len(urls)


@pytest.mark.parametrize("package", SERVICES)
def test_compose_service_waits_for_postgres_and_topics(package):
    depends = app_services()[package]["depends_on"]
    assert isinstance(depends, dict), "depends_on needs the long form to carry conditions"
    assert depends["postgres"]["condition"] == "service_healthy"
    assert depends["kafka-init"]["condition"] == "service_completed_successfully"


def test_kafka_init_creates_topics_once_the_broker_is_healthy():
    init = compose()["services"]["kafka-init"]
    command = init["command"]
    assert "jianguan topics create" in (" ".join(command) if isinstance(command, list) else command)
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert init.get("restart", "no") == "no", "a restarting one-shot never completes"


def test_compose_healthchecks_exist():
    for name, spec in compose()["services"].items():
        if name == "kafka-init":
            continue
        check = spec.get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"


def test_compose_builds_a_real_service_from_the_dockerfile():
    for name, spec in compose()["services"].items():
        if "build" not in spec:
            continue
        build = spec["build"]
        context = (REPO_ROOT / build["context"]).resolve()
        assert (context / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile", name
        assert build["args"]["SERVICE"] in SERVICES, name
        if name not in INFRA and not is_worker(spec):
            assert build["args"]["SERVICE"] == name.replace("-", "_"), f"{name} builds another"


def test_compose_jwt_secret_comes_from_the_environment():
    secrets = {env_of(spec)["JIANGUAN_JWT_SECRET"] for spec in app_services().values()}
    assert len(secrets) == 1, "services that disagree on the key reject each other's tokens"
    assert re.fullmatch(r"\$\{JIANGUAN_JWT_SECRET:-.+\}", secrets.pop())


def kafka_listeners(value: str) -> dict[str, tuple[str, int]]:
    """``NAME://host:port,...`` → {NAME: (host, port)}."""
    found = re.findall(r"(\w+)://([^:,]*):(\d+)", value)
    return {name: (host, int(port)) for name, host, port in found}


def test_kafka_runs_kraft_on_one_node():
    env = env_of(compose()["services"]["kafka"])
    listeners = kafka_listeners(env["KAFKA_LISTENERS"])
    controller = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env.get("CLUSTER_ID"), "the apache/kafka image refuses KRaft without CLUSTER_ID"
    node, _, voter = env["KAFKA_CONTROLLER_QUORUM_VOTERS"].partition("@")
    assert node == env["KAFKA_NODE_ID"] and controller in listeners
    assert int(voter.rpartition(":")[2]) == listeners[controller][1]
    protocols = dict(p.split(":") for p in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(listeners) <= set(protocols)
    # Defaults of 3 replicas make consumer groups unusable on a single broker.
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"


def test_kafka_bootstrap_is_the_brokers_internal_listener():
    services = compose()["services"]
    clients = {**app_services(), "kafka-init": services["kafka-init"]}
    for name, spec in clients.items():
        host, _, port = env_of(spec)["KAFKA_BOOTSTRAP_SERVERS"].rpartition(":")
        broker = services.get(host, {})
        assert broker.get("image", "").startswith("apache/kafka"), f"{name}: {host} is no broker"
        env = env_of(broker)
        advertised = kafka_listeners(env["KAFKA_ADVERTISED_LISTENERS"])
        names = [n for n, address in advertised.items() if address == (host, int(port))]
        assert names, f"{name}: kafka does not advertise {host}:{port}"
        assert names[0] not in env["KAFKA_CONTROLLER_LISTENER_NAMES"].split(",")
        assert kafka_listeners(env["KAFKA_LISTENERS"])[names[0]][1] == int(port)


# --- Dockerfile and .dockerignore ------------------------------------------------------
def test_dockerfile_bakes_the_service_arg_and_runs_it_unprivileged():
    steps = dockerfile()
    args = [a for i, a in steps if i == "ARG"]
    envs = " ".join(a for i, a in steps if i == "ENV")
    assert any(re.match(r"SERVICE(=|$)", a) for a in args)
    assert re.search(r"\bSERVICE=\$\{?SERVICE\}?", envs), "ARG SERVICE is not the ENV default"
    users = [a for i, a in steps if i == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    health = [a for i, a in steps if i == "HEALTHCHECK"]
    assert health and "/healthz" in health[-1]
    cmd = [a for i, a in steps if i == "CMD"][-1]
    assert "jianguan serve" in cmd and "$SERVICE" in cmd


def test_dockerfile_installs_the_lock_on_a_supported_python():
    steps = dockerfile()
    base = next(a for i, a in steps if i == "FROM")
    version = re.match(r"python:(\d+\.\d+)", base)
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert version and SpecifierSet(project["project"]["requires-python"]).contains(version[1])
    runs = [a for i, a in steps if i == "RUN"]
    assert any("-r requirements.lock" in r for r in runs)
    assert any("--no-deps" in r for r in runs), "the project must not re-resolve its deps"


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule, simplified: the last pattern matching the path or a parent wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negate, pattern = pattern.startswith("!"), pattern.lstrip("!").strip("/")
        for glob in {pattern, pattern.removeprefix("**/")}:
            if any(fnmatch.fnmatchcase(c, glob) for c in candidates):
                ignored = not negate
    return ignored


def test_dockerignore_keeps_what_the_image_needs():
    lines = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    needed = ["pyproject.toml", "requirements.lock", "README.md", "jianguan/__init__.py",
              "shared/settings.py", "deploy/kafka/topics.yaml", "deploy/reference/regions.yaml",
              *(f"services/{p}/config.py" for p in SERVICES)]
    assert [p for p in needed if dockerignored(p, patterns)] == []
    assert dockerignored(".venv/bin/python", patterns) and dockerignored("var/x.db", patterns)


# --- deploy/kafka/topics.yaml ----------------------------------------------------------
def test_topic_partition_counts_are_positive_ints():
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    counts = [raw["defaults"]["partitions"], raw["defaults"]["dlq_partitions"]]
    counts += [spec["partitions"] for spec in raw["topics"].values()
               if spec and "partitions" in spec]
    # TopicConfig reads 0 as "the default", so check the file itself as well.
    assert all(type(n) is int and n > 0 for n in counts), counts
    config = TopicConfig.load()
    assert config.partitions, "topics.yaml lists no topic"
    assert all(config.partitions_for(t) > 0 for t in config.all_topics())


def test_topic_names_are_versioned_event_names():
    for name in TopicConfig.load().partitions:
        assert not name.endswith(DLQ_SUFFIX), f"{name}: dead-letter topics are derived"
        assert re.fullmatch(r"[a-z]+(\.[a-z_]+)+\.v\d+", name), name


def test_every_declared_event_has_a_topic():
    for module in pkgutil.iter_modules(shared.contracts.__path__, "shared.contracts."):
        importlib.import_module(module.name)
    suite = {name.replace("_", "-") for name in SERVICES}
    declared = [s for s in all_specs() if s.producer in suite]  # not events made up by tests
    missing = [s.topic for s in declared if s.topic not in TopicConfig.load().partitions]
    assert missing == [], "add these to deploy/kafka/topics.yaml"
