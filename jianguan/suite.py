"""The five services of the suite, their ports and settings (服务清单)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from shared.context import ServiceContext
from shared.settings import ServiceSettings, service_env_prefix


@dataclass(frozen=True)
class SuiteService:
    name: str  # credit_rating
    title: str

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    @property
    def env_prefix(self) -> str:
        return service_env_prefix(self.name)

    def settings(self, **overrides: object) -> ServiceSettings:
        """The service's settings from the environment (and ``overrides``)."""
        module = importlib.import_module(f"services.{self.name}.config")
        return module.Settings(**overrides)

    def context(self, **overrides: object) -> ServiceContext:
        """The service's context (its ``bootstrap.build``) from the environment's settings;
        the caller disposes ``context.database``."""
        module = importlib.import_module(f"services.{self.name}.bootstrap")
        return module.build(self.settings(**overrides))


SERVICES = [
    SuiteService("credit_rating", "信用评价 credit-rating"),
    SuiteService("inspection_draw", "双随机抽查 inspection-draw"),
    SuiteService("case_transfer", "案件移送 case-transfer"),
    SuiteService("complaint_intake", "投诉举报 complaint-intake"),
    SuiteService("public_notice", "信息公示 public-notice"),
]


def service(name: str) -> SuiteService:
    wanted = name.replace("-", "_")
    for candidate in SERVICES:
        if candidate.name == wanted:
            return candidate
    known = ", ".join(s.slug for s in SERVICES)
    raise KeyError(f"unknown service {name!r}; known services: {known}")


def consumed_by(svc: SuiteService) -> list[str]:
    """The events a service consumes, from its consumer registry."""
    module = importlib.import_module(f"services.{svc.name}.consumers")
    return sorted(module.consumers.consumed)


def suite_asyncapi(bootstrap: str = "127.0.0.1:9092") -> dict:  # type: ignore[type-arg]
    """The AsyncAPI 3 document of every topic of the suite, who sends and who receives it."""
    from shared.contracts.asyncapi import asyncapi_document, produced_by
    from shared.contracts.registry import all_specs
    from shared.messaging.kafka import TopicConfig

    config = TopicConfig.load()
    return asyncapi_document(
        title="jianguan 监管: the suite's events",
        version="1",
        description="CloudEvents 1.0 in structured mode (the Kafka value is the envelope as "
                    "JSON), keyed by entity USCC or case id, W3C traceparent in a header. "
                    "Generated from the event registry (shared/contracts).",
        sends={svc.slug: produced_by(svc.slug) for svc in SERVICES},
        receives={svc.slug: consumed_by(svc) for svc in SERVICES},
        partitions={spec.name: config.partitions_for(spec.topic) for spec in all_specs()},
        bootstrap=bootstrap)
