"""The CloudEvents 1.0 envelope every event travels in (事件信封).

Structured mode: the Kafka value is the whole envelope as JSON; the W3C
``traceparent`` rides in a Kafka header; the key is the subject (USCC or case id).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

TYPE_PREFIX = "cn.gov.jianguan."
CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8"


class InvalidEnvelope(ValueError):
    """A message that is not a CloudEvents 1.0 envelope we can read."""


class Envelope(BaseModel):
    """CloudEvents 1.0 attributes plus ``data``."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()), min_length=1, max_length=64)
    source: str = Field(min_length=1, examples=["/jianguan/credit-rating"])
    type: str = Field(
        pattern=r"^cn\.gov\.jianguan\.[a-z_]+(\.[a-z_]+)+\.v[0-9]+$",
        examples=["cn.gov.jianguan.credit.grade.changed.v1"],
    )
    specversion: Literal["1.0"] = "1.0"
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = Field(default=None, description="entity USCC or case id")
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        """The type without the prefix: ``credit.grade.changed.v1``."""
        return self.type.removeprefix(TYPE_PREFIX)

    def to_json(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_json(cls, raw: bytes | str | None) -> Envelope:
        if raw is None:
            raise InvalidEnvelope("the message has no value")
        try:  # parsed and validated in one pass (pydantic-core); the reason when not
            return cls.model_validate_json(raw)
        except ValidationError:
            return cls._read(raw)

    @classmethod
    def _read(cls, raw: bytes | str) -> Envelope:
        """``raw`` read as Python's ``json`` reads it, refused with what is wrong (or read,
        when only pydantic-core's parser refused it: a NaN, a lone surrogate)."""
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidEnvelope(f"the value is not JSON: {exc}") from exc
        if not isinstance(doc, dict):
            raise InvalidEnvelope("the value is JSON but not an object")
        try:
            return cls.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "envelope"
            raise InvalidEnvelope(f"{where}: {first['msg']}") from exc
