"""Public intake's fast lane files ordinary public filings as the route does, and leaves
everything else to the route without charging the quota twice."""

from __future__ import annotations

import pytest

from services.complaint_intake.api import intake_lane
from services.complaint_intake.schemas import FiledView
from tests.clock import days_ago
from tests.integration.complaint_intake.conftest import HOTLINE, file, filing, make_app, serving


@pytest.fixture
def lane_answers(monkeypatch):  # type: ignore[no-untyped-def]
    """The receipt codes the lane itself has answered with."""
    served = []
    original = intake_lane.filed_json

    def counting(filed):  # type: ignore[no-untyped-def]
        served.append(filed.receipt_code)
        return original(filed)

    monkeypatch.setattr(intake_lane, "filed_json", counting)
    return served


async def test_the_lane_answers_a_public_filing_in_the_routes_shape(client, lane_answers):
    by_lane = await client.post("/v1/complaints", json=filing())
    by_route = await client.post("/v1/complaints", json=filing(channel="12345"),
                                 headers=HOTLINE)

    assert by_lane.status_code == by_route.status_code == 201
    assert lane_answers == [by_lane.json()["receipt_code"]]
    assert by_lane.headers["location"] == f"/v1/receipts/{lane_answers[0]}"
    assert by_route.headers["location"].startswith("/v1/receipts/")
    assert by_lane.headers["content-type"] == by_route.headers["content-type"]
    assert "traceparent" in by_lane.headers
    assert by_lane.json().keys() == by_route.json().keys() == FiledView.model_fields.keys()
    receipt = await client.get(by_lane.headers["location"])
    assert receipt.status_code == 200 and receipt.json()["status"] == "received"


async def test_bad_input_is_answered_by_the_route_and_charged_once(database, lane_answers):
    # an address of its own: on PostgreSQL the quota outlives the app, as it should
    async with serving(make_app(database, public_intake_requests=3), "198.51.100.99") as client:
        backdated = await client.post("/v1/complaints",
                                      json=filing(received_on=days_ago(2).isoformat()))
        too_long = await client.post("/v1/complaints", json=filing(description="长" * 10_001))
        filed = await file(client, filing())
        limited = await client.post("/v1/complaints", json=filing())

    assert backdated.status_code == 422 and backdated.json()["field"] == "received_on"
    assert too_long.status_code == 422 and "10000" in too_long.text
    assert filed["status"] == "received"
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert lane_answers == [filed["receipt_code"]]


async def test_a_form_body_goes_to_the_route(client, lane_answers):
    answer = await client.post("/v1/complaints", content=b"kind=complaint",
                               headers={"content-type": "application/x-www-form-urlencoded"})

    assert answer.status_code == 422
    assert lane_answers == []
