"""Fixtures shared by all tests: the embedded broker (a real Tansu process)."""

from __future__ import annotations

import pytest

from shared.messaging.embedded_broker import EmbeddedBroker, free_port


@pytest.fixture(scope="session")
def broker():
    """One real broker for the session; tests use their own topic names."""
    instance = EmbeddedBroker(port=free_port())
    instance.start()
    yield instance
    instance.stop()
