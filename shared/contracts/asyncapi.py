"""The AsyncAPI 3 document of the topics (事件接口文档), generated from the event registry.

Nothing here is written by hand: every channel is a registered event (its topic, summary,
partitions from ``deploy/kafka/topics.yaml``), every message is its payload model inside
the CloudEvents envelope, keyed as the spec says, with the W3C ``traceparent`` header.
A service serves its own part at ``/asyncapi.json`` (what it sends and receives); the
operator CLI prints the whole suite's (``jianguan asyncapi``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from shared.contracts.envelope import Envelope
from shared.contracts.registry import EventSpec, all_specs

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING = "0.5.0"
SCHEMA_REF = "#/components/schemas/{model}"
TRACEPARENT = {
    "type": "object",
    "properties": {"traceparent": {
        "type": "string", "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
        "description": "W3C trace context of the change that caused the event (Kafka header)"}},
}


def asyncapi_document(*, title: str, version: str, description: str,
                      sends: Mapping[str, Iterable[str]],
                      receives: Mapping[str, Iterable[str]],
                      partitions: Mapping[str, int] | None = None,
                      bootstrap: str = "127.0.0.1:9092") -> dict[str, Any]:
    """The AsyncAPI 3.0 document of the events in ``sends`` and ``receives``.

    ``sends`` and ``receives`` map a service slug to the event names it produces and
    consumes; every event named gets a channel and a message.
    """
    specs = {spec.name: spec for spec in all_specs()}
    named = sorted({name for names in (*sends.values(), *receives.values()) for name in names})
    unknown = [name for name in named if name not in specs]
    if unknown:
        raise KeyError(f"events not in the registry: {', '.join(unknown)}")
    schemas: dict[str, Any] = {}
    channels, messages, operations = {}, {}, {}
    for name in named:
        spec = specs[name]
        messages[_id(spec)] = _message(spec, schemas)
        channels[_id(spec)] = _channel(spec, (partitions or {}).get(name))
    for action, table in (("send", sends), ("receive", receives)):
        for service, names in sorted(table.items()):
            for name in sorted(set(names)):
                spec = specs[name]
                operations[f"{service}.{action}.{_id(spec)}"] = {
                    "action": action,
                    "channel": {"$ref": f"#/channels/{_id(spec)}"},
                    "summary": f"{service} {action}s {spec.name}: {spec.summary}",
                    "messages": [{"$ref": f"#/channels/{_id(spec)}/messages/{_id(spec)}"}],
                }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": title, "version": version, "description": description},
        "defaultContentType": "application/json",
        "servers": {"kafka": {"host": bootstrap, "protocol": "kafka",
                              "description": "KAFKA_BOOTSTRAP_SERVERS of the deployment"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


def _id(spec: EventSpec) -> str:
    return spec.name.replace(".", "_")


def _channel(spec: EventSpec, partitions: int | None) -> dict[str, Any]:
    channel: dict[str, Any] = {
        "address": spec.topic,
        "title": spec.name,
        "description": f"{spec.summary}. Produced by {spec.producer}; keyed by the payload's "
                       f"`{spec.key}`; dead letters go to `{spec.topic}.dlq`.",
        "messages": {_id(spec): {"$ref": f"#/components/messages/{_id(spec)}"}},
    }
    if partitions:
        channel["bindings"] = {"kafka": {"topic": spec.topic, "partitions": partitions,
                                         "bindingVersion": KAFKA_BINDING}}
    return channel


def _message(spec: EventSpec, schemas: dict[str, Any]) -> dict[str, Any]:
    payload = _schema(spec.payload, schemas)
    envelope = _schema(Envelope, schemas, register=False)
    envelope["properties"]["type"] = {"const": spec.type, "type": "string"}
    envelope["properties"]["data"] = payload
    envelope["required"] = sorted({*envelope.get("required", []), "type", "data", "source",
                                   "id", "specversion", "time"})
    key_field = spec.payload.model_fields[spec.key]
    return {
        "name": spec.name,
        "title": spec.payload.__name__,
        "summary": spec.summary,
        "description": (spec.payload.__doc__ or spec.summary).strip(),
        "contentType": "application/json",
        "headers": TRACEPARENT,
        "payload": envelope,
        "bindings": {"kafka": {"key": {"type": "string",
                                       "description": f"the payload's {spec.key}: "
                                       f"{key_field.description or spec.key}"},
                               "bindingVersion": KAFKA_BINDING}},
    }


def _schema(model: type[BaseModel], schemas: dict[str, Any],
            register: bool = True) -> dict[str, Any]:
    """``model``'s JSON schema; its nested models go to ``components.schemas``. With
    ``register`` the model itself goes there too and a reference is returned."""
    schema = model.model_json_schema(ref_template=SCHEMA_REF, mode="serialization")
    for name, definition in schema.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    if not register:
        return schema
    schemas.setdefault(model.__name__, schema)
    return {"$ref": SCHEMA_REF.format(model=model.__name__)}


EVERY_SERVICE = "every service"


def produced_by(service: str) -> list[str]:
    """The events ``service`` (a slug) produces, the audit checkpoint among them."""
    return [spec.name for spec in all_specs() if spec.producer in (service, EVERY_SERVICE)]


def service_document(service: str, *, title: str, version: str, description: str,
                     consumed: Iterable[str], bootstrap: str) -> dict[str, Any]:
    """One service's AsyncAPI document: what it sends and what it receives."""
    from shared.messaging.kafka import TopicConfig

    config = TopicConfig.load()
    sends, receives = produced_by(service), sorted(consumed)
    return asyncapi_document(title=title, version=version, description=description,
                             sends={service: sends}, receives={service: receives},
                             partitions={name: config.partitions_for(name)
                                         for name in (*sends, *receives)},
                             bootstrap=bootstrap)
