"""The kustomize base in deploy/k8s agrees with the code (nothing is applied).

Every service runs with probes on its settings port, reads its own database URL from
the Secret, and the Jobs run real CLI commands with the secret keys they need.
"""

from __future__ import annotations

import importlib

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from jianguan.cli import main
from shared.settings import REPO_ROOT, service_env_prefix
from tests.unit.test_deploy_files import SERVICES, settings_port

K8S = REPO_ROOT / "deploy" / "k8s"


def k8s_docs() -> list[dict]:
    return [doc for path in sorted(K8S.glob("*.yaml")) if path.name != "kustomization.yaml"
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def k8s_deployment(package: str) -> dict:
    found = [d for d in k8s_docs() if d["kind"] == "Deployment"
             and d["spec"]["template"]["spec"]["containers"][0]["command"][-1:] == [package]]
    assert len(found) == 1, f"expected one Deployment running `jianguan serve {package}`"
    return found[0]


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == on_disk


def _command(doc: dict) -> list[str]:
    return doc["spec"]["template"]["spec"]["containers"][0]["command"]


def test_k8s_runs_every_service_and_the_topics_job():
    deployments = [d for d in k8s_docs() if d["kind"] == "Deployment"
                   and "worker" not in _command(d)]
    assert len(deployments) == len(SERVICES) and all(k8s_deployment(p) for p in SERVICES)
    jobs = [d for d in k8s_docs() if d["kind"] == "Job"]
    assert any(" ".join(j["spec"]["template"]["spec"]["containers"][0]["command"])
               == "jianguan topics create" for j in jobs)


def resolve_port(port: int | str, container: dict) -> int:
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in container["ports"] if p.get("name") == port)


@pytest.mark.parametrize("package", SERVICES)
def test_k8s_deployment_probes_and_service(package):
    deployment, port = k8s_deployment(package), settings_port(package)
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert [p["containerPort"] for p in container["ports"]] == [port]
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
        get = container[probe]["httpGet"]
        assert (get["path"], resolve_port(get["port"], container)) == (path, port), probe
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    services = [s for s in k8s_docs() if s["kind"] == "Service"
                and s["spec"]["selector"].items() <= labels.items()]
    assert len(services) == 1, "one Service must select the pods"
    targets = {resolve_port(p["targetPort"], container) for p in services[0]["spec"]["ports"]}
    assert targets == {port}


@pytest.mark.parametrize("package", SERVICES)
def test_k8s_deployment_env_comes_from_config_and_secret(package):
    container = k8s_deployment(package)["spec"]["template"]["spec"]["containers"][0]
    docs = k8s_docs()
    config = {d["metadata"]["name"]: d["data"] for d in docs if d["kind"] == "ConfigMap"}
    secrets = {d["metadata"]["name"]: {**d.get("data", {}), **d.get("stringData", {})}
               for d in docs if d["kind"] == "Secret"}
    loaded = [src["configMapRef"]["name"] for src in container["envFrom"] if "configMapRef" in src]
    assert loaded and all(name in config for name in loaded)
    assert any("KAFKA_BOOTSTRAP_SERVERS" in config[name] for name in loaded)
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"]
            if "secretKeyRef" in e.get("valueFrom", {})}
    database = service_env_prefix(package) + "DATABASE_URL"
    assert {"JIANGUAN_JWT_SECRET", database} <= set(refs)
    for ref in refs.values():
        assert ref["key"] in secrets.get(ref["name"], {}), f"no key {ref['key']} in {ref['name']}"
    assert make_url(secrets[refs[database]["name"]][refs[database]["key"]]).database


# --- Jobs ------------------------------------------------------------------------------
def _container(doc: dict) -> dict:
    spec = doc["spec"]
    job = spec["jobTemplate"]["spec"] if doc["kind"] == "CronJob" else spec
    (container,) = job["template"]["spec"]["containers"]
    return container


def test_the_daily_regrade_runs_the_cli_command_with_credit_ratings_secrets():
    cron = yaml.safe_load((K8S / "credit-regrade-cronjob.yaml").read_text(encoding="utf-8"))
    secrets = yaml.safe_load((K8S / "secret.yaml").read_text(encoding="utf-8"))["stringData"]
    container = _container(cron)
    assert container["command"][0] == "jianguan"
    assert CliRunner().invoke(main, [*container["command"][1:], "--help"]).exit_code == 0
    wanted = {e["name"]: e["valueFrom"]["secretKeyRef"]["key"] for e in container["env"]}
    assert {"CREDIT_RATING_DATABASE_URL", "CREDIT_RATING_PERSON_HASH_KEY"} <= set(wanted)
    assert set(wanted.values()) <= set(secrets), "the job reads a secret key that is not there"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"


def test_the_service_and_its_job_hash_persons_with_the_same_key():
    docs = list(yaml.safe_load_all((K8S / "credit-rating.yaml").read_text(encoding="utf-8")))
    deployment = next(d for d in docs if d and d["kind"] == "Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    keys = {e["name"]: e.get("valueFrom", {}).get("secretKeyRef", {}).get("key")
            for e in container.get("env", [])}
    assert keys.get("CREDIT_RATING_PERSON_HASH_KEY") == "CREDIT_RATING_PERSON_HASH_KEY"


def test_complaint_intake_seals_identities_with_the_secrets_keys_not_the_dev_ones(monkeypatch):
    from services.complaint_intake.app import identity_vault
    from services.complaint_intake.config import DEV_IDENTITY_KEY, DEV_INDEX_KEY, Settings

    container = k8s_deployment("complaint_intake")["spec"]["template"]["spec"]["containers"][0]
    secrets = yaml.safe_load((K8S / "secret.yaml").read_text(encoding="utf-8"))["stringData"]
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"]["key"] for e in container["env"]
            if "valueFrom" in e}
    keys = ("COMPLAINT_INTAKE_IDENTITY_KEYS", "COMPLAINT_INTAKE_IDENTITY_CURRENT_KEY",
            "COMPLAINT_INTAKE_IDENTITY_INDEX_KEY")
    assert set(keys) <= set(refs)
    for name in keys:
        monkeypatch.setenv(name, secrets[refs[name]])
    settings = Settings()
    assert (settings.identity_keys, settings.identity_index_key) != (DEV_IDENTITY_KEY,
                                                                     DEV_INDEX_KEY)
    assert identity_vault(settings).current_key_id == "prod1"


def test_the_daily_deadline_sweep_reaches_every_service_it_sweeps():
    from jianguan.deadline_commands import SWEEPS
    from shared.settings import service_env_prefix

    cron = yaml.safe_load((K8S / "overdue-cronjob.yaml").read_text(encoding="utf-8"))
    secrets = yaml.safe_load((K8S / "secret.yaml").read_text(encoding="utf-8"))["stringData"]
    container = _container(cron)
    assert CliRunner().invoke(main, [*container["command"][1:], "--help"]).exit_code == 0
    wanted = {e["name"]: e["valueFrom"]["secretKeyRef"]["key"] for e in container["env"]}
    databases = {service_env_prefix(name.replace("-", "_")) + "DATABASE_URL" for name in SWEEPS}
    assert databases <= set(wanted), "the job cannot reach a database it sweeps"
    assert set(wanted.values()) <= set(secrets)
    assert "overdue-cronjob.yaml" in (K8S / "kustomization.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("package", SERVICES)
def test_every_secret_a_service_keeps_comes_from_the_secret(package):
    """A secret left to its development default is public: a deployment must set each."""
    settings = importlib.import_module(f"services.{package}.config").Settings
    container = k8s_deployment(package)["spec"]["template"]["spec"]["containers"][0]
    refs = {e["name"] for e in container["env"] if "secretKeyRef" in e.get("valueFrom", {})}
    wanted = {settings.secret_variable(name) for name in settings.development_secrets}
    assert wanted <= refs, f"not set from the Secret: {sorted(wanted - refs)}"


@pytest.mark.parametrize("job", ["credit-regrade-cronjob.yaml", "overdue-cronjob.yaml"])
def test_a_job_that_writes_a_services_database_seals_its_audit_entries_with_its_key(job):
    """Audit entries made under another key than the service's break its chain."""
    container = _container(yaml.safe_load((K8S / job).read_text(encoding="utf-8")))
    names = {e["name"] for e in container["env"]}
    for database in (n for n in names if n.endswith("_DATABASE_URL")):
        assert database.replace("_DATABASE_URL", "_AUDIT_KEY") in names


def test_complaint_intakes_worker_runs_once_with_the_web_processs_settings():
    """One worker replica (it runs the service's one outbox relay), never migrating, with
    every setting and secret of the web Deployment but the role; the web one runs none
    of the background work."""
    web = k8s_deployment("complaint_intake")
    [worker] = [d for d in k8s_docs() if d["kind"] == "Deployment"
                and _command(d)[:3] == ["jianguan", "serve", "complaint_intake"]
                and "worker" in _command(d)]
    assert _command(worker)[3:] == ["--role", "worker", "--no-migrate"]
    assert worker["spec"]["replicas"] == 1
    assert worker["metadata"]["name"] not in {
        d["spec"]["selector"].get("app.kubernetes.io/name") for d in k8s_docs()
        if d["kind"] == "Service"}, "a Service would send the public to the worker"
    web_env, worker_env = (d["spec"]["template"]["spec"]["containers"][0]["env"]
                           for d in (web, worker))
    assert {"name": "COMPLAINT_INTAKE_ROLE", "value": "web"} in web_env
    assert [e for e in web_env if e["name"] != "COMPLAINT_INTAKE_ROLE"] == worker_env
