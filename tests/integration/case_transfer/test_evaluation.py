"""Efficiency and duty evaluation (CT-8): one department's figures over a period."""

from __future__ import annotations

from datetime import timedelta

from tests.clock import TODAY
from tests.integration.case_transfer.conftest import GA, SF, WSJK, clock_of, token
from tests.integration.case_transfer.flows import (
    FOUR_DOCUMENTS,
    OFFICERS,
    call,
    document,
    draft,
    open_case,
)

NYNC, NYNC_HEAD, NYNC_REVIEWER = (token("NYNC", "officer"), token("NYNC", "head"),
                                  token("NYNC", "reviewer"))
WSJK_OFFICERS = ["WSJK-1", "WSJK-2"]


async def _to_police(client, case_id: str) -> None:  # type: ignore[no-untyped-def]
    path = f"/v1/cases/{case_id}/police-transfer"
    await call(client, "POST", path, NYNC, 201, grounds="涉嫌犯罪", officers=OFFICERS)
    await call(client, "POST", f"{path}/head-decision", NYNC_HEAD, approve=True)
    await call(client, "POST", f"{path}/delivery", NYNC,
               documents=[document(k) for k in FOUR_DOCUMENTS])


async def test_a_departments_figures_for_a_period(client):
    clock = clock_of(client.app)
    first = await open_case(client, NYNC)
    clock.advance(timedelta(hours=2))
    await call(client, "POST", f"/v1/cases/{first['id']}/evidence", NYNC, description="取证",
               officers=OFFICERS)
    second = await open_case(client, NYNC)
    out = await call(client, "POST", f"/v1/cases/{second['id']}/transfers", NYNC, 201,
                     to_department="WSJK", reasons="属卫健职责")
    await call(client, "POST", f"/v1/transfers/{out['id']}/acceptance", WSJK,
               investigators=WSJK_OFFICERS)
    for accept in (True, False):
        theirs = await open_case(client, WSJK, investigators=WSJK_OFFICERS)
        sent = await call(client, "POST", f"/v1/cases/{theirs['id']}/transfers", WSJK, 201,
                          to_department="NYNC", reasons="属农业农村职责")
        if accept:
            await call(client, "POST", f"/v1/transfers/{sent['id']}/acceptance", NYNC,
                       investigators=OFFICERS)
        else:
            await call(client, "POST", f"/v1/transfers/{sent['id']}/return", NYNC,
                       reason="不属本部门职责")
    for passed in (True, False):
        reviewed = await open_case(client, NYNC)
        review = await call(client, "POST", f"/v1/cases/{reviewed['id']}/legal-reviews", NYNC,
                            201, **draft())
        await call(client, "POST", f"/v1/legal-reviews/{review['id']}/opinion", NYNC_REVIEWER,
                   reviewer="NYNC-LR-1", passed=passed, opinion="审核意见")
    for filed in (True, False):
        criminal = await open_case(client, NYNC)
        await _to_police(client, criminal["id"])
        await call(client, "POST", f"/v1/cases/{criminal['id']}/police-transfer/"
                   "police-decision", GA, filed=filed, reason=None if filed else "不予立案")
    late = await open_case(client, NYNC)
    await call(client, "POST", f"/v1/cases/{late['id']}/police-transfer", NYNC, 201,
               grounds="涉嫌犯罪", officers=OFFICERS)  # the head never decides
    clock.advance(timedelta(days=12))
    today = clock.today()
    figures = await call(client, "GET", f"/v1/evaluation?department=NYNC&from={TODAY}"
                         f"&to={today}", NYNC)
    assert figures == {**figures, "cases_opened": 7, "transfers_sent": 1,
                       "transfers_accepted": 1, "transfers_returned": 1,
                       "reviews_decided": 2, "reviews_returned": 1, "reversal_rate": 0.5,
                       "police_transfers": 2, "police_decided": 2, "police_filed": 1,
                       "police_acceptance_rate": 0.5}
    assert figures["median_hours_per_step"]["evidence"] == 2.0
    assert figures["deadlines_overdue"] == 1 and figures["deadlines_due"] >= 5
    assert figures["overdue_rate"] == round(1 / figures["deadlines_due"], 4)
    by_supervisor = await call(client, "GET", f"/v1/evaluation?department=NYNC&from={TODAY}"
                               f"&to={today}", SF)
    assert by_supervisor == figures
    backwards = await client.get(f"/v1/evaluation?from={today}&to={TODAY}", headers=NYNC)
    assert backwards.status_code == 422
    empty = await call(client, "GET", "/v1/evaluation?from=2020-01-01&to=2020-01-31", NYNC)
    assert empty["cases_opened"] == 0 and empty["overdue_rate"] is None
