"""No tip-off (不得提前泄露, issue 15.3): before the inspection window opens, everyone sees
the commitment, the strata with n/N and the counts, and only the plan's departments see
who was drawn; from the window's first day the list and the bundle are public. A declared
conflict's reason is never in a bundle, only the hash of the declaration."""

from __future__ import annotations

from datetime import timedelta

from services.inspection_draw.models import InspectionObject
from tests.clock import TODAY
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    SCJG,
    STHJ,
    inspectors,
    mirror_objects,
    published_task,
)

REASON = "配偶在该企业任财务负责人"


async def test_the_list_is_public_only_from_the_window_and_reasons_never(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["D"] * 12)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    people = await inspectors(client, "SCJG", [ORDINARY_SCJG], 3)
    declared = await client.post(f"/v1/inspectors/{people[0]}/conflicts", headers=SCJG,
                                 json={"uscc": usccs[0], "reason": REASON})
    assert declared.status_code == 204
    opens = TODAY + timedelta(days=10)
    task_id = await published_task(client, [ORDINARY_SCJG], region, ratio="1",
                                   window_start=opens.isoformat(),
                                   window_end=(opens + timedelta(days=20)).isoformat())
    drawn = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert drawn.status_code == 201, drawn.text
    draw_id = drawn.json()["draw_id"]

    for headers in ({}, STHJ):  # the public; a department outside the plan
        proof = await client.get(f"/v1/draws/{draw_id}/proof", headers=headers)
        assert proof.status_code == 403 and proof.json()["public_from"] == opens.isoformat()
    assert (await client.get(f"/v1/draws/{draw_id}/visits", headers=STHJ)).status_code == 403
    outsider_view = (await client.get(f"/v1/objects/{usccs[1]}", headers=STHJ)).json()
    assert outsider_view["inspections"] == []
    listed = (await client.get(f"/v1/tasks/{task_id}/draws")).json()
    assert not listed["list_public"]
    entry = listed["draws"][0]
    assert (entry["selected"], entry["proof"], entry["selected_count"]) == (None, None, 12)
    assert entry["strata"][0]["probability"] == "12/12"
    assert (await client.get(f"/v1/tasks/{task_id}/commitment")).status_code == 200
    own = await client.get(f"/v1/draws/{draw_id}/proof", headers=SCJG)  # the plan's own
    assert own.status_code == 200 and REASON not in own.text

    client.app.state.context.clock.advance(timedelta(days=10))
    public = await client.get(f"/v1/draws/{draw_id}/proof")
    assert public.status_code == 200 and REASON not in public.text
    bundle = public.json()
    assert [set(c) for c in bundle["conflicts"]] == [{"inspector_id", "uscc",
                                                       "declaration_hash"}]
    assert all(REASON not in e["reason"] for e in bundle["assignment"]["exclusions"])
    listed = (await client.get(f"/v1/tasks/{task_id}/draws")).json()
    assert listed["list_public"] and sorted(listed["draws"][0]["selected"]) == sorted(usccs)
    assert len((await client.get(f"/v1/objects/{usccs[1]}",
                                 headers=STHJ)).json()["inspections"]) == 1
