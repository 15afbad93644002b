"""Event edge of credit-rating (信用评价): the events it consumes, each to one handler."""

from __future__ import annotations

from shared.messaging.consumer import Subscriptions

subscriptions = Subscriptions("credit-rating")
