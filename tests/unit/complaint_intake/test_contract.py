"""The OpenAPI document says who may call what: the public routes need no token, every
write names its role, each route lists its own errors, the quotas their 429."""

from __future__ import annotations

from typing import Any

import pytest

from services.complaint_intake.app import create_app
from services.complaint_intake.bootstrap import build
from services.complaint_intake.config import Settings
from tests.clock import service_clock

ROLES = {
    ("post", "/v1/complaints/{complaint_id}/accept"): "officer",
    ("post", "/v1/complaints/{complaint_id}/refuse"): "officer",
    ("post", "/v1/complaints/{complaint_id}/investigate"): "officer",
    ("post", "/v1/complaints/{complaint_id}/extend"): "officer",
    ("post", "/v1/complaints/{complaint_id}/pass-on"): "officer",
    ("post", "/v1/complaints/{complaint_id}/replies"): "officer",
    ("post", "/v1/complaints/{complaint_id}/close"): "officer",
    ("post", "/v1/complaints/{complaint_id}/reward"): "reviewer",
    ("post", "/v1/complaints/{complaint_id}/reward/payment"): "reviewer",
    ("get", "/v1/complaints/{complaint_id}/reporter"): "whistleblower_officer",
}
PUBLIC = [("get", "/v1/receipts/{code}"), ("post", "/v1/receipts/{code}/rating"),
          ("get", "/open311/v2/services.json"), ("get", "/open311/v2/requests.json"),
          ("post", "/open311/v2/requests.json"), ("get", "/v1/categories")]


@pytest.fixture(scope="module")
def operations(tmp_path_factory) -> dict[tuple[str, str], dict[str, Any]]:  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('contract')}/intake.db"
    document = create_app(context=build(Settings(database_url=url),
                                        clock=service_clock())).openapi()
    return {(method, path): operation for path, item in document["paths"].items()
            for method, operation in item.items()}


def test_every_write_names_its_role(operations) -> None:  # type: ignore[no-untyped-def]
    for key, role in ROLES.items():
        operation = operations[key]
        assert operation["x-required-role"] == role, key
        assert {"401", "403", "404", "422"} <= operation["responses"].keys(), key


def test_the_public_routes_need_no_token_and_filing_takes_a_hotlines(operations) -> None:  # type: ignore[no-untyped-def]
    for key in PUBLIC:
        assert operations[key]["security"] == [], key
    filing = operations[("post", "/v1/complaints")]
    assert filing["security"] == [{}, {"departmentToken": []}]
    assert "`hotline`" in filing["description"]


def test_the_quotas_and_the_steps_document_their_errors(operations) -> None:  # type: ignore[no-untyped-def]
    for key in [("post", "/v1/complaints"), ("get", "/v1/receipts/{code}"),
                ("post", "/v1/receipts/{code}/rating"), ("get", "/open311/v2/requests.json"),
                ("post", "/open311/v2/requests.json")]:
        assert "429" in operations[key]["responses"], key
    for key in ROLES:
        if key[1].endswith(("accept", "refuse", "close", "extend", "pass-on", "payment")):
            assert "409" in operations[key]["responses"], key
