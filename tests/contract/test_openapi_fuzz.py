"""Every service's OpenAPI document is what the service does: schemathesis, with all its
checks, finds nothing, with a departmental token (every role) and without one."""

from __future__ import annotations

import pytest

from tests.contract.fuzzing import dev_token, fuzz

SERVICES = ["credit_rating", "inspection_draw", "case_transfer", "complaint_intake",
            "public_notice"]


@pytest.mark.timeout(900)
@pytest.mark.parametrize("with_token", [True, False], ids=["token", "anonymous"])
@pytest.mark.parametrize("service", SERVICES)
def test_schemathesis_finds_nothing(service: str, with_token: bool, broker, tmp_path) -> None:
    run = fuzz(service, tmp_path, token=dev_token() if with_token else None,
               bootstrap=broker.bootstrap)
    assert run.exit_code == 0, run.output[-8000:]
