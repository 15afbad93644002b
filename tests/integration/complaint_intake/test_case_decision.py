"""A report that becomes a case (立案) is decided within 90 days, or 30 more once the head
approves (负责人批准延期); a passed decision deadline is announced once as
``complaint.overdue.v1`` with the deadline ``case_decision``, like the 15-WD one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.complaint_intake.domain.lifecycle import Channel
from services.complaint_intake.handlers.filing import ComplaintFiling
from services.complaint_intake.handlers.handling import extend_case_decision, investigate
from services.complaint_intake.handlers.overdue import sweep_overdue
from shared.auth import Caller
from shared.errors import WrongState
from tests.clock import TODAY
from tests.integration.complaint_intake.conftest import (
    SCJG,
    context_of,
    events,
    file,
    filing,
    routed,
    token,
)

SCJG_HEAD = token("SCJG", "head")
OFFICER = Caller(client_id="scjg-system", dept="SCJG", region="370200",
                 roles=frozenset({"officer"}))
HEAD = Caller(client_id="scjg-head", dept="SCJG", region="370200", roles=frozenset({"head"}))
# Fri 3 July 2026, 10:00 in China; 90 days on is 1 October (国庆), so the last day moves to
# Thursday 8 October, the first working day after the holiday.
OPENED = datetime(2026, 7, 3, 2, 0, tzinfo=UTC)


async def opened_case(app) -> str:  # type: ignore[no-untyped-def]
    """A report filed and its case opened by SCJG on ``OPENED``."""
    ctx = context_of(app)
    filed = await ctx.intake.file(ctx, ComplaintFiling.model_validate(filing(kind="report")),
                                  channel=Channel.PUBLIC, actor="test", at=OPENED)
    await routed(app, filed.complaint_id)  # the intake worker's part
    async with ctx.database.unit_of_work() as uow:
        await investigate(uow, ctx, filed.complaint_id, OFFICER, OPENED)
    return filed.complaint_id


async def sweep(app, today: date) -> int:  # type: ignore[no-untyped-def]
    async with context_of(app).database.unit_of_work() as uow:
        return await sweep_overdue(uow, today)


async def test_a_case_opened_today_is_decided_within_90_days(client):
    report = (await file(client, filing(kind="report")))["complaint_id"]
    opened = await client.post(f"/v1/complaints/{report}/investigate", headers=SCJG)
    assert opened.status_code == 200, opened.text
    assert opened.json()["case_opened_on"] == TODAY.isoformat()
    assert opened.json()["case_decision_by"] == "2027-02-23"  # a Tuesday, 90 days on
    queue = {item["complaint_id"]: item for item in
             (await client.get("/v1/queue", headers=SCJG)).json()}
    assert (queue[report]["deadline"], queue[report]["due_on"]) == (
        "case_decision", "2027-02-23")
    complaint = (await file(client, filing()))["complaint_id"]
    investigated = await client.post(f"/v1/complaints/{complaint}/investigate", headers=SCJG)
    assert investigated.json()["case_decision_by"] is None  # a complaint is mediated


async def test_a_passed_case_decision_is_announced_once(client):
    report = await opened_case(client.app)
    detail = (await client.get(f"/v1/complaints/{report}", headers=SCJG)).json()
    assert detail["case_decision_by"] == "2026-10-08"
    assert await sweep(client.app, date(2026, 10, 8)) == 0  # the last day is in time
    await sweep(client.app, date(2026, 10, 9))
    await sweep(client.app, date(2026, 10, 12))
    raised = await events(client.app, "complaint.overdue.v1", report)
    assert raised == [{"complaint_id": report, "department": "SCJG",
                       "deadline": "case_decision", "due_on": "2026-10-08",
                       "detected_on": "2026-10-09"}]


async def test_the_head_extends_the_decision_once_by_30_days_before_it_passes(client):
    app, report = client.app, await opened_case(client.app)
    ctx = context_of(app)
    async with ctx.database.unit_of_work() as uow:
        extended = await extend_case_decision(uow, ctx, report, HEAD, "需委托检验，结果未出",
                                              datetime(2026, 10, 8, 2, 0, tzinfo=UTC))
    # 120 days from 3 July is Saturday 31 October: Monday 2 November
    assert extended.case_decision_extended_by == date(2026, 11, 2)
    await sweep(app, date(2026, 10, 9))
    assert await events(app, "complaint.overdue.v1", report) == []  # extended in time
    await sweep(app, date(2026, 11, 3))
    raised = await events(app, "complaint.overdue.v1", report)
    assert [(e["deadline"], e["due_on"]) for e in raised] == [("case_decision", "2026-11-02")]
    twice = await client.post(f"/v1/complaints/{report}/extend-decision", headers=SCJG_HEAD,
                              json={"reason": "再延一次"})
    assert twice.status_code == 409 and "集体讨论" in twice.json()["detail"]


async def test_an_extension_after_the_deadline_is_refused(client):
    report = await opened_case(client.app)
    ctx = context_of(client.app)
    try:
        async with ctx.database.unit_of_work() as uow:
            await extend_case_decision(uow, ctx, report, HEAD, "补批延期",
                                       datetime(2026, 10, 9, 2, 0, tzinfo=UTC))
    except WrongState as refused:
        assert "2026-10-08" in refused.detail and "has passed" in refused.detail
    else:
        raise AssertionError("a late extension was approved")


async def test_only_the_handling_departments_head_approves_an_extension(client):
    report = (await file(client, filing(kind="report")))["complaint_id"]
    path = f"/v1/complaints/{report}/extend-decision"
    early = await client.post(path, headers=SCJG_HEAD, json={"reason": "案情复杂"})
    assert early.status_code == 409  # no case opened yet
    await client.post(f"/v1/complaints/{report}/investigate", headers=SCJG)
    for headers in (SCJG, token("SCJG", "officer", "reviewer", "whistleblower_officer")):
        refused = await client.post(path, headers=headers, json={"reason": "案情复杂"})
        assert refused.status_code == 403 and refused.json()["role"] == "head"
    other = await client.post(path, headers=token("STHJ", "head"),
                              json={"reason": "案情复杂"})
    assert other.status_code == 403 and other.json()["type"].endswith("/not-your-department")
    approved = await client.post(path, headers=SCJG_HEAD, json={"reason": "案情复杂"})
    assert approved.status_code == 200, approved.text
    assert (approved.json()["case_decision_by"],
            approved.json()["case_decision_extended_by"]) == ("2027-02-23", "2027-03-25")
    complaint = (await file(client, filing()))["complaint_id"]
    await client.post(f"/v1/complaints/{complaint}/investigate", headers=SCJG)
    mediated = await client.post(f"/v1/complaints/{complaint}/extend-decision",
                                 headers=SCJG_HEAD, json={"reason": "案情复杂"})
    assert mediated.status_code == 409 and "report" in mediated.json()["detail"]
