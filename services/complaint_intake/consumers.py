"""Event edge of complaint-intake (投诉举报): the events it consumes, each to one handler."""

from __future__ import annotations

from shared.messaging.consumer import Subscriptions

subscriptions = Subscriptions("complaint-intake")
