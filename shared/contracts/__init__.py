"""The integrator contract: the envelope, event specs and topic names (事件契约).

Each producing service has one module here with its payload models; AsyncAPI is
generated from the registry in :mod:`shared.contracts.registry`.
"""

# The producers' contract modules register their events when imported.
from shared.contracts import (  # noqa: F401
    audit,
    case,
    complaint,
    credit,
    credit_commitments,
    inspection,
    notice,
)
from shared.contracts.envelope import TYPE_PREFIX, Envelope, InvalidEnvelope
from shared.contracts.registry import EventSpec, all_specs, event, spec_for_type

__all__ = [
    "TYPE_PREFIX",
    "Envelope",
    "EventSpec",
    "InvalidEnvelope",
    "all_specs",
    "event",
    "spec_for_type",
]
