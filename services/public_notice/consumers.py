"""Event edge of public-notice (信息公示): the events it consumes, each to one handler."""

from __future__ import annotations

from shared.messaging.subscriptions import Consumers

consumers = Consumers("public-notice")
