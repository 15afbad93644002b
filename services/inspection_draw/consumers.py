"""Event edge of inspection-draw (双随机抽查): the events it consumes, each to one handler."""

from __future__ import annotations

from shared.messaging.consumer import Subscriptions

subscriptions = Subscriptions("inspection-draw")
