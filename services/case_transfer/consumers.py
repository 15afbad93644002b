"""Event edge of case-transfer (案件移送): the events it consumes, each to one handler."""

from __future__ import annotations

from shared.messaging.subscriptions import Consumers

consumers = Consumers("case-transfer")
