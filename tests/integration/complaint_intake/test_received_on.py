"""A letter or a relayed 12315/12345 call counts its deadlines from the day it was
received, not the day it is keyed in (CP-1, 收到之日): the relaying department says the
day (not in the future, not further back than the rules allow); the public's filing is
received when filed."""

from __future__ import annotations

import pytest

from services.complaint_intake.handlers.overdue import sweep_until_done
from shared.workdays import deadline
from tests.clock import TODAY, days_ago
from tests.integration.complaint_intake.conftest import (
    HOTLINE,
    SCJG,
    context_of,
    events,
    file,
    filing,
)

MAX_DAYS_BACK = 30  # complaint_rules.yaml intake.received_on.max_days_before


async def test_a_relayed_letter_counts_its_deadlines_from_the_day_it_was_received(client):
    received = days_ago(6)
    filed = await file(client, filing(channel="letter", received_on=received.isoformat()),
                       HOTLINE)
    assert filed["received_on"] == received.isoformat()
    assert filed["accept_by"] == deadline(received, 7).isoformat()
    assert deadline(received, 7) < deadline(TODAY, 7)  # not from the day it was keyed in
    detail = (await client.get(f"/v1/complaints/{filed['complaint_id']}",
                               headers=SCJG)).json()
    assert detail["received_on"] == received.isoformat()
    assert detail["steps"][0]["note"] == f"received on {received} by letter"
    [announced] = await events(client.app, "complaint.received.v1", filed["complaint_id"])
    assert announced["received_on"] == received.isoformat()
    [routed] = await events(client.app, "complaint.routed.v1", filed["complaint_id"])
    assert routed["routed_on"] == TODAY.isoformat()


async def test_a_relayed_report_decides_on_its_case_from_the_day_of_the_call(client):
    received = days_ago(20)
    filed = await file(client, filing(kind="report", channel="12315",
                                      received_on=received.isoformat()), HOTLINE)
    assert filed["decide_case_by"] == deadline(received, 15).isoformat()


async def test_a_letter_keyed_in_late_is_overdue_at_the_next_sweep(client):
    received = days_ago(MAX_DAYS_BACK)  # its 7 working days to accept ran out long ago
    filed = await file(client, filing(channel="letter", received_on=received.isoformat()),
                       HOTLINE)
    assert filed["accept_by"] < TODAY.isoformat()
    await sweep_until_done(context_of(client.app).database, TODAY)
    overdue = await events(client.app, "complaint.overdue.v1", filed["complaint_id"])
    assert [(o["deadline"], o["due_on"]) for o in overdue] == [("accept", filed["accept_by"])]


@pytest.mark.parametrize(("received_on", "says"), [
    (days_ago(-1), "in the future"),
    (days_ago(MAX_DAYS_BACK + 1), f"more than {MAX_DAYS_BACK} days before today"),
    ("2026-02-30", "date"),
    (None, "the day it was received"),
], ids=["future", "too-old", "no-such-day", "missing"])
async def test_a_relayed_filing_needs_a_plausible_day_of_receipt(client, received_on, says):
    body = filing(channel="12345")
    if received_on is None:
        del body["received_on"]
    else:
        body["received_on"] = str(received_on)
    refused = await client.post("/v1/complaints", json=body, headers=HOTLINE)
    assert refused.status_code == 422, refused.text
    assert "received_on" in refused.text and says in refused.json()["detail"]


async def test_the_public_is_received_when_it_files(client):
    backdated = await client.post("/v1/complaints",  # the fast lane hands it to the route
                                  json=filing(received_on=days_ago(3).isoformat()))
    assert backdated.status_code == 422, backdated.text
    assert backdated.json()["field"] == "received_on"
    assert "received when it is filed" in backdated.json()["detail"]
    filed = await file(client, filing())
    assert filed["received_on"] == TODAY.isoformat()
    assert filed["accept_by"] == deadline(TODAY, 7).isoformat()
