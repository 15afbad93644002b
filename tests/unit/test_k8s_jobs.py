"""The k8s Jobs run real CLI commands with the secrets they need."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from jianguan.cli import main
from shared.settings import REPO_ROOT

K8S = REPO_ROOT / "deploy" / "k8s"


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
