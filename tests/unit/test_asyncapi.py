"""The AsyncAPI 3 document is generated from the event registry and says what is on the
wire: valid against the AsyncAPI 3.0.0 schema, every registered event a channel, and a real
envelope from the outbox valid against its message's payload schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from jianguan.cli import main
from jianguan.suite import SERVICES, consumed_by, suite_asyncapi
from shared.contracts import all_specs
from shared.contracts.asyncapi import EVERY_SERVICE
from shared.contracts.credit import GradeChanged
from shared.messaging.outbox import Outbox

SCHEMA = json.loads((Path(__file__).parent.parent / "contracts" /
                     "asyncapi-3.0.0.schema.json").read_text())


@pytest.fixture(scope="module")
def document() -> dict:
    return suite_asyncapi()


def test_the_document_is_valid_asyncapi_3(document: dict) -> None:
    errors = [error.message for error in jsonschema.Draft7Validator(SCHEMA).iter_errors(document)]
    assert errors == []
    assert document["asyncapi"] == "3.0.0"


def test_the_validator_would_notice_a_broken_document(document: dict) -> None:
    broken = json.loads(json.dumps(document))
    next(iter(broken["operations"].values()))["action"] = "publish"  # AsyncAPI 2 wording
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(broken))


def test_every_registered_event_is_a_channel_with_its_topic(document: dict) -> None:
    producers = {svc.slug for svc in SERVICES} | {EVERY_SERVICE}
    addresses = {channel["address"] for channel in document["channels"].values()}
    # (other tests register events of their own in this process: only the suite's count)
    assert addresses == {spec.topic for spec in all_specs() if spec.producer in producers}


def test_each_service_receives_what_its_consumers_take(document: dict) -> None:
    receiving = {(op_id.split(".")[0], op["channel"]["$ref"].split("/")[-1])
                 for op_id, op in document["operations"].items() if op["action"] == "receive"}
    for svc in SERVICES:
        for name in consumed_by(svc):
            assert (svc.slug, name.replace(".", "_")) in receiving


def test_an_envelope_from_the_outbox_matches_its_message_schema(document: dict) -> None:
    envelope = Outbox("/jianguan/credit-rating").envelope(GradeChanged(
        uscc="91370200163562681G", old_grade="B", new_grade="D", score=55.5,
        rule_version="2026.1", no_penalty_3y=False,
        changed_at=datetime(2026, 11, 24, 16, 5, tzinfo=UTC)))
    message = document["components"]["messages"]["credit_grade_changed_v1"]
    schema = {**message["payload"], "components": document["components"]}
    wire = json.loads(envelope.to_json())
    jsonschema.Draft202012Validator(schema).validate(wire)
    wire["data"]["new_grade"] = "E"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(wire)


def test_the_cli_prints_the_same_document(document: dict) -> None:
    result = CliRunner().invoke(main, ["asyncapi"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == document
