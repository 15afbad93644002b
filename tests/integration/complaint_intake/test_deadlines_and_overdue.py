"""Legal deadlines across National Day and its 调休 Saturday; each passed deadline raises
exactly one ``complaint.overdue.v1`` and shows in the department's queue (CP-1, CP-6)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.complaint_intake.domain.lifecycle import Channel
from services.complaint_intake.handlers.filing import ComplaintFiling
from services.complaint_intake.handlers.handling import extend_deadline
from services.complaint_intake.handlers.overdue import sweep_overdue
from shared.auth import Caller
from shared.errors import WrongState
from shared.workdays import workdays_between
from tests.integration.complaint_intake.conftest import (
    SCJG,
    context_of,
    events,
    file,
    filing,
    routed,
)


async def file_on(app, at: datetime, **changes) -> str:  # type: ignore[no-untyped-def]
    """A public filing as the intake would have taken it at ``at``."""
    ctx = context_of(app)
    filed = await ctx.intake.file(ctx, ComplaintFiling.model_validate(filing(**changes)),
                                  channel=Channel.PUBLIC, actor="test", at=at)
    await routed(app, filed.complaint_id)  # the intake worker's part
    return filed.complaint_id


async def extend_on(app, report: str, at: datetime, reason: str):  # type: ignore[no-untyped-def]
    """The report's case-opening deadline extended as SCJG would have at ``at``."""
    caller = Caller(client_id="scjg-system", dept="SCJG", region="370211",
                    roles=frozenset({"officer"}))
    ctx = context_of(app)
    async with ctx.database.unit_of_work() as uow:
        return await extend_deadline(uow, ctx, report, caller, reason, at)


async def sweep(app, today: date) -> int:  # type: ignore[no-untyped-def]
    async with context_of(app).database.unit_of_work() as uow:
        return await sweep_overdue(uow, today)


async def test_a_complaint_before_national_day_is_due_after_the_holiday_and_raised_once(client):
    app = client.app
    # Wed 30 Sep 2026, 10:00 in China: 1-7 Oct are holidays, Sat 10 Oct is a 调休 workday.
    complaint = await file_on(app, datetime(2026, 9, 30, 2, 0, tzinfo=UTC))
    detail = (await client.get(f"/v1/complaints/{complaint}", headers=SCJG)).json()
    assert detail["accept_by"] == "2026-10-15"  # 8, 9, 10 (调休), 12, 13, 14, 15 Oct
    assert await sweep(app, date(2026, 10, 15)) == 0  # the last day is still in time
    assert await sweep(app, date(2026, 10, 16)) >= 1
    assert await sweep(app, date(2026, 10, 16)) == 0
    assert await sweep(app, date(2026, 10, 20)) == 0
    overdue = await events(app, "complaint.overdue.v1", complaint)
    assert overdue == [{"complaint_id": complaint, "department": "SCJG", "deadline": "accept",
                        "due_on": "2026-10-15", "detected_on": "2026-10-16"}]
    queue = (await client.get("/v1/queue", params={"overdue": "true"}, headers=SCJG)).json()
    mine = [item for item in queue if item["complaint_id"] == complaint]
    assert mine and mine[0]["overdue"] and mine[0]["deadline"] == "accept"
    accepted = await client.post(f"/v1/complaints/{complaint}/accept", headers=SCJG)
    assert accepted.json()["mediation_ends"] is not None  # 45 WD from today's acceptance


async def test_a_report_is_extended_once_and_its_new_deadline_raised_once(client):
    app = client.app
    report = await file_on(app, datetime(2026, 9, 30, 2, 0, tzinfo=UTC), kind="report")
    detail = (await client.get(f"/v1/complaints/{report}", headers=SCJG)).json()
    assert detail["decide_case_by"] == "2026-10-27"  # 15 WD across the holiday
    extended = await extend_on(app, report, datetime(2026, 10, 27, 8, 0, tzinfo=UTC),
                               "需调取监控录像核实")  # on the deadline's last day
    assert extended.decide_case_extended_by == date(2026, 11, 17)
    twice = await client.post(f"/v1/complaints/{report}/extend",
                              json={"reason": "再延一次"}, headers=SCJG)
    assert twice.status_code == 409 and "once" in twice.json()["detail"]
    await sweep(app, date(2026, 10, 28))
    assert await events(app, "complaint.overdue.v1", report) == []  # extended in time
    await sweep(app, date(2026, 11, 17))
    await sweep(app, date(2026, 11, 18))
    await sweep(app, date(2026, 11, 19))
    raised = await events(app, "complaint.overdue.v1", report)
    assert [(e["deadline"], e["due_on"]) for e in raised] == [("decide_case", "2026-11-17")]


async def test_an_extension_asked_after_the_deadline_is_refused(client):
    app = client.app
    report = await file_on(app, datetime(2026, 9, 30, 2, 0, tzinfo=UTC), kind="report")
    try:
        await extend_on(app, report, datetime(2026, 10, 28, 2, 0, tzinfo=UTC), "补办延期")
    except WrongState as refused:
        assert "2026-10-27" in refused.detail and "has passed" in refused.detail
    else:
        raise AssertionError("a late extension was granted")
    late = await client.post(f"/v1/complaints/{report}/extend",  # today is later still
                             json={"reason": "补办延期"}, headers=SCJG)
    assert late.status_code == 409 and "has passed" in late.json()["detail"]
    detail = (await client.get(f"/v1/complaints/{report}", headers=SCJG)).json()
    assert detail["decide_case_extended_by"] is None


async def test_a_complaint_investigated_without_acceptance_gets_its_mediation_deadline(client):
    complaint = (await file(client, filing()))["complaint_id"]
    investigated = await client.post(f"/v1/complaints/{complaint}/investigate", headers=SCJG)
    assert investigated.status_code == 200, investigated.text
    assert investigated.json()["accepted_on"] is not None
    assert investigated.json()["mediation_ends"] is not None  # 45 WD from today


async def test_stats_count_overdue_items_and_the_time_to_close(client):
    app = client.app
    # Mon 3 Mar 2025: a period no other test files in
    filed_at = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
    late = await file_on(app, filed_at)
    await file_on(app, filed_at)  # never accepted
    assert await sweep(app, date(2025, 3, 20)) >= 2  # both past their 7 WD to accept
    await client.post(f"/v1/complaints/{late}/accept", headers=SCJG)
    closed = await client.post(f"/v1/complaints/{late}/close", headers=SCJG,
                               json={"outcome": "not_substantiated"})
    assert closed.status_code == 200, closed.text

    stats = (await client.get("/v1/stats", headers=SCJG, params={
        "from": "2025-03-01", "to": "2025-03-31"})).json()

    assert (stats["received"], stats["accepted_in_time"], stats["overdue"],
            stats["closed"]) == (2, 0, 2, 1)
    closed_on = date.fromisoformat(closed.json()["closed_on"])
    assert stats["average_days_to_close"] == workdays_between(date(2025, 3, 3), closed_on)
