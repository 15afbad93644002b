"""Deadlines and 督办 (CT-2, CT-7): the 3-day limits count working days across a weekend
and a 调休 Saturday, the 24 hours count on the clock; a passed deadline escalates once,
is listed as overdue, and a supervisor's instruction carries its own deadline."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from services.case_transfer.handlers.overdue import escalate_all
from tests.integration.case_transfer.conftest import (
    GA,
    JCY,
    OPERATOR,
    SCJG,
    SCJG_HEAD,
    SF,
    WSJK,
    clock_of,
    context_of,
    events,
    make_app,
    serving,
)
from tests.integration.case_transfer.flows import (
    FOUR_DOCUMENTS,
    OFFICERS,
    call,
    document,
    open_case,
    to_police,
)

# Thursday 8 October 2026, 09:00 in China: the first working day after 国庆; Saturday
# 10 October is a 调休 working day, Sunday 11 October is not.
AFTER_NATIONAL_DAY = datetime(2026, 10, 8, 1, 0, tzinfo=UTC)
# Friday 16 October 2026, 17:00 in China.
FRIDAY_EVENING = datetime(2026, 10, 16, 9, 0, tzinfo=UTC)


def china(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of October 2026 given in China time."""
    return datetime(2026, 10, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


async def sweep(client) -> int:  # type: ignore[no-untyped-def]
    return (await call(client, "POST", "/v1/cases/overdue/sweep", OPERATOR))["escalated"]


def move_to(client, at: datetime) -> None:  # type: ignore[no-untyped-def]
    clock = clock_of(client.app)
    clock.advance(at - clock.now())


def open_deadlines(case: dict, kind: str) -> list[dict]:
    return [d for d in case["open_deadlines"] if d["kind"] == kind]


async def test_the_head_has_three_working_days_across_the_weekend_and_the_tiaoxiu_day(database):
    async with serving(make_app(database, start=AFTER_NATIONAL_DAY)) as client:
        case = await open_case(client, SCJG)
        path = f"/v1/cases/{case['id']}"
        await call(client, "POST", f"{path}/police-transfer", SCJG, 201, grounds="涉嫌犯罪",
                   officers=OFFICERS)
        [due] = open_deadlines(await call(client, "GET", path, SCJG), "head_decision")
        # Fri 9, Sat 10 (调休), Mon 12: the Sunday does not count, the 调休 Saturday does
        assert (due["due_on"], due["supervisor"]) == ("2026-10-12", "JCY")
        move_to(client, china(12, 23, 59))
        await sweep(client)
        assert await events(client.app, "case.overdue.v1", case["id"]) == []
        move_to(client, china(13, 0, 1))
        assert await sweep(client) >= 1
        [overdue] = await events(client.app, "case.overdue.v1", case["id"])
        assert overdue == {**overdue, "deadline": "head_decision", "department": "SCJG",
                           "supervisor": "JCY"}
        await sweep(client)
        assert len(await events(client.app, "case.overdue.v1", case["id"])) == 1  # once
        for who in (SCJG, JCY):
            listed = await call(client, "GET", "/v1/cases/overdue?kind=head_decision", who)
            assert case["id"] in [item["case_id"] for item in listed]
        assert case["id"] not in [i["case_id"] for i in await call(
            client, "GET", "/v1/cases/overdue", WSJK)]
        late = await call(client, "POST", f"{path}/police-transfer/head-decision", SCJG_HEAD,
                          approve=True)
        assert late["state"] == "approved"  # the duty stays: a late decision is taken
        record = await call(client, "GET", f"{path}/record", SCJG)
        assert record[-1]["step"] == "criminal_transfer_approved"
        listed = await call(client, "GET", "/v1/cases/overdue?kind=head_decision", SCJG)
        assert case["id"] not in [item["case_id"] for item in listed]  # met, if late


async def test_the_24_hours_to_the_police_run_through_the_weekend(database):
    async with serving(make_app(database, start=FRIDAY_EVENING)) as client:
        case = await open_case(client, SCJG)
        path = f"/v1/cases/{case['id']}"
        await call(client, "POST", f"{path}/police-transfer", SCJG, 201, grounds="涉嫌犯罪",
                   officers=OFFICERS)
        await call(client, "POST", f"{path}/police-transfer/head-decision", SCJG_HEAD,
                   approve=True)
        [due] = open_deadlines(await call(client, "GET", path, SCJG), "police_delivery")
        assert due["due_at"].startswith("2026-10-17T09:00")  # Saturday 17:00 in China
        move_to(client, china(17, 16, 58))
        await sweep(client)
        assert await events(client.app, "case.overdue.v1", case["id"]) == []
        move_to(client, china(17, 17, 1))
        await sweep(client)
        [overdue] = await events(client.app, "case.overdue.v1", case["id"])
        assert overdue["deadline"] == "police_delivery"
        move_to(client, china(19, 9, 0))  # Monday
        await call(client, "POST", f"{path}/police-transfer/delivery", SCJG,
                   documents=[document(k) for k in FOUR_DOCUMENTS])
        [sent] = await events(client.app, "case.police.transferred.v1", case["id"])
        assert sent["within_24_hours"] is False and sent["due_on"] == "2026-10-22"


async def test_the_police_have_three_working_days_from_a_friday(database):
    async with serving(make_app(database, start=FRIDAY_EVENING)) as client:
        case = await open_case(client, SCJG)
        await to_police(client, case["id"], SCJG, SCJG_HEAD)
        [due] = open_deadlines(await call(client, "GET", f"/v1/cases/{case['id']}", GA),
                               "police_decision")
        assert (due["due_on"], due["department"]) == ("2026-10-21", "GA")  # Mon, Tue, Wed
        move_to(client, china(22, 0, 5))
        await sweep(client)
        [overdue] = await events(client.app, "case.overdue.v1", case["id"])
        assert (overdue["department"], overdue["supervisor"]) == ("GA", "JCY")
        decided = await call(client, "POST", f"/v1/cases/{case['id']}/police-transfer/"
                             "police-decision", GA, filed=False, reason="不符合立案标准")
        [event] = await events(client.app, "case.police.decided.v1", case["id"])
        assert event["late"] is True
        assert decided["reconsideration_due_on"] == "2026-10-27"  # Fri 23, Mon 26, Tue 27


async def test_an_overdue_transfer_is_supervised_and_the_instruction_answered(database):
    async with serving(make_app(database, start=AFTER_NATIONAL_DAY)) as client:
        case = await open_case(client, SCJG)
        transfer = await call(client, "POST", f"/v1/cases/{case['id']}/transfers", SCJG, 201,
                              to_department="WSJK", reasons="属卫生健康部门职责")
        assert transfer["due_on"] == "2026-10-14"  # 9, 10 (调休), 12, 13, 14
        early = await client.post(f"/v1/cases/{case['id']}/supervisions", headers=SF,
                                  json={"instruction": "请按时接收"})
        assert early.status_code == 404  # nothing escalated to SF yet
        move_to(client, china(15, 8))
        await sweep(client)
        [overdue] = await events(client.app, "case.overdue.v1", case["id"])
        assert (overdue["deadline"], overdue["supervisor"]) == ("transfer_acceptance", "SF")
        order = await call(client, "POST", f"/v1/cases/{case['id']}/supervisions", SF, 201,
                           instruction="请于三个工作日内办理接收或退回", working_days=3)
        assert (order["target_department"], order["due_on"]) == ("SCJG", "2026-10-20")
        to_wsjk = await call(client, "POST", f"/v1/cases/{case['id']}/supervisions", SF, 201,
                             instruction="请卫健委办理", target_department="WSJK")
        [supervised, _] = await events(client.app, "case.supervised.v1", case["id"])
        assert supervised == {**supervised, "supervisor": "SF", "kind": "duban"}
        too_long = await client.post(f"/v1/cases/{case['id']}/supervisions", headers=SF,
                                     json={"instruction": "x", "working_days": 31})
        assert too_long.status_code == 422 and too_long.json()["field"] == "working_days"
        not_theirs = await client.post(f"/v1/supervisions/{to_wsjk['id']}/answer",
                                       headers=SCJG, json={"answer": "已办理"})
        assert not_theirs.status_code == 403
        answered = await call(client, "POST", f"/v1/supervisions/{to_wsjk['id']}/answer", WSJK,
                              answer="已接收并立案调查")
        assert answered["answered_at"] is not None
        again = await client.post(f"/v1/supervisions/{to_wsjk['id']}/answer", headers=WSJK,
                                  json={"answer": "再答"})
        assert again.status_code == 409
        followed = await call(client, "GET", f"/v1/cases/{case['id']}", SF)
        assert len(followed["supervisions"]) == 2  # the supervisor follows the case now


async def test_the_procuratorate_supervises_the_filing(client):
    case = await open_case(client, SCJG)
    await to_police(client, case["id"], SCJG, SCJG_HEAD)
    await call(client, "POST", f"/v1/cases/{case['id']}/police-transfer/police-decision", GA,
               filed=False, reason="不符合立案标准")
    order = await call(client, "POST", f"/v1/cases/{case['id']}/supervisions", JCY, 201,
                       kind="filing_supervision",
                       instruction="要求公安机关说明不立案理由", working_days=7)
    assert (order["target_department"], order["kind"]) == ("GA", "filing_supervision")
    not_jcy = await client.post(f"/v1/cases/{case['id']}/supervisions", headers=SF,
                                json={"kind": "filing_supervision", "instruction": "x"})
    assert not_jcy.status_code == 404
    await call(client, "POST", f"/v1/supervisions/{order['id']}/answer", GA,
               answer="不立案理由: 涉案金额未达标准")


async def test_only_an_operator_sweeps(client):
    refused = await client.post("/v1/cases/overdue/sweep", headers=SCJG)
    assert refused.status_code == 403 and "'operator'" in refused.json()["detail"]


async def test_two_sweeps_at_once_escalate_each_deadline_once(database):
    """Two processes sweeping together (two contexts, two connection pools)."""
    async with serving(make_app(database, start=AFTER_NATIONAL_DAY)) as client:
        cases = [await open_case(client, SCJG) for _ in range(6)]
        for case in cases:
            await call(client, "POST", f"/v1/cases/{case['id']}/transfers", SCJG, 201,
                       to_department="WSJK", reasons="属卫生健康部门职责")
        later = china(20, 9)
        one, other = (context_of(make_app(database, start=later)) for _ in range(2))
        try:
            await asyncio.gather(escalate_all(one), escalate_all(other))
        finally:
            await one.database.dispose()
            await other.database.dispose()
        for case in cases:
            escalated = await events(client.app, "case.overdue.v1", case["id"])
            assert [e["deadline"] for e in escalated] == ["transfer_acceptance"]
