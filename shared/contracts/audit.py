"""The audit checkpoint every service publishes (审计检查点): its chain's head, outside its
database, so that someone who can write the database cannot cut or rewrite the chain
unseen (``jianguan audit verify --against-checkpoints``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from shared.contracts.registry import event


@event("audit.checkpoint.v1", producer="every service", key="service",
       summary="The head of a service's audit chain: its sequence number and keyed hash")
class AuditCheckpoint(BaseModel):
    """A checkpoint of one service's audit chain (审计链检查点)."""

    service: str = Field(description="the service whose chain this is",
                         examples=["credit-rating"])
    seq: int = Field(ge=1, description="sequence number of the chain's last entry",
                     examples=[1000])
    hash: str = Field(pattern=r"^[0-9a-f]{64}$",
                      description="that entry's keyed hash (HMAC-SHA256); reveals nothing "
                      "of the entries", examples=["9f2c" + "0" * 60])
    at: datetime = Field(description="when the checkpoint was taken (UTC)",
                         examples=["2026-11-22T08:00:00Z"])
