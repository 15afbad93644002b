"""Event specs: one per event type, naming its topic, key and payload model.

A spec is declared next to its payload model in the producing service's contract
module (``shared/contracts/<service>.py``) with :func:`event`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from shared.contracts.envelope import TYPE_PREFIX

_SPECS: dict[str, EventSpec] = {}


@dataclass(frozen=True)
class EventSpec:
    """What an integrator needs to know about one event type."""

    name: str  # credit.grade.changed.v1
    payload: type[BaseModel]
    producer: str  # credit-rating
    key: str  # the payload field whose value keys the Kafka message
    summary: str

    @property
    def type(self) -> str:
        return TYPE_PREFIX + self.name

    @property
    def topic(self) -> str:
        return self.name


def event(name: str, *, producer: str, key: str, summary: str):  # type: ignore[no-untyped-def]
    """Class decorator registering a payload model as event ``name``."""

    def register(model: type[BaseModel]) -> type[BaseModel]:
        if name in _SPECS and _SPECS[name].payload is not model:
            raise ValueError(f"event {name} is declared twice")
        _SPECS[name] = EventSpec(name, model, producer, key, summary)
        model.__event_spec__ = _SPECS[name]  # type: ignore[attr-defined]
        return model

    return register


def spec_for_type(event_type: str) -> EventSpec | None:
    return _SPECS.get(event_type.removeprefix(TYPE_PREFIX))


def all_specs() -> list[EventSpec]:
    return sorted(_SPECS.values(), key=lambda s: s.name)
