"""Commit first, draw later (IN-6): a beacon value supplied at the draw, the nonce kept
secret until then, a draw in another process, and every step in the audit log."""

from __future__ import annotations

from sqlalchemy import select

from services.inspection_draw.models import InspectionObject
from shared.audit import verify_chain
from shared.platform_tables import audit_log
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    ORDINARY_STHJ,
    SCJG,
    STHJ,
    inspectors,
    mirror_objects,
    published_task,
)

BEACON = {"source": "drand:quicknet", "round": 12345678}
BEACON_VALUE = "a3f1" * 16


async def test_a_beacon_commitment_is_drawn_with_its_value_and_verifies(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["B"] * 20 + ["D"] * 20)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 3)
    task_id = await published_task(client, [ORDINARY_SCJG], region, size=6)
    committed = await client.post(f"/v1/tasks/{task_id}/commitment", headers=SCJG,
                                  json={"beacon": BEACON})
    assert committed.status_code == 201, committed.text
    published = committed.json()
    assert published["commitment"]["beacon"] == BEACON and published["objects"] == 40
    assert "nonce" not in published and len(published["commitment"]["nonce_hash"]) == 64
    again = await client.post(f"/v1/tasks/{task_id}/commitment", headers=SCJG, json={})
    assert again.status_code == 409 and published["commitment_id"] in again.json()["detail"]

    without_value = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert without_value.status_code == 422 and "beacon" in without_value.json()["detail"]
    client.app.state.context.roster_cache.clear()  # as if another process draws it
    drawn = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG,
                              json={"beacon_value": BEACON_VALUE})
    assert drawn.status_code == 201, drawn.text
    assert drawn.json()["commitment_hash"] == published["commitment_hash"]
    bundle = (await client.get(f"/v1/draws/{drawn.json()['draw_id']}/proof")).json()
    assert bundle["beacon_value"] == BEACON_VALUE and bundle["nonce"] == drawn.json()["nonce"]
    assert (await client.post("/v1/draws:verify", json=bundle)).json()["identical"]
    bundle["beacon_value"] = "b" * 64
    verdict = (await client.post("/v1/draws:verify", json=bundle)).json()
    assert not verdict["identical"] and "seed" in verdict["first_difference"]

    async with client.app.state.db.reader() as session:
        actions = (await session.execute(select(audit_log.c.action, audit_log.c.detail)
                                         .where(audit_log.c.subject == task_id))).all()
        report = await verify_chain(session, client.app.state.context.database.audit.key)
    names = [a for a, _ in actions]
    assert names == ["inspection.task.added", "inspection.draw.committed",
                     "inspection.draw.completed"]
    assert all(BEACON_VALUE not in d and drawn.json()["nonce"] not in d for _, d in actions[:2])
    assert report.intact, report.message


async def test_a_commitment_overtaken_by_another_tasks_draw_is_refused(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["B"] * 6)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    await inspectors(client, "STHJ", [ORDINARY_STHJ], 2)
    slow = await published_task(client, [ORDINARY_SCJG], region, ratio="1")
    assert (await client.post(f"/v1/tasks/{slow}/commitment", headers=SCJG,
                              json={})).status_code == 201
    fast = await published_task(client, [ORDINARY_STHJ], region, department="STHJ", ratio="1")
    assert (await client.post(f"/v1/tasks/{fast}/draw", headers=STHJ)).status_code == 201
    overtaken = await client.post(f"/v1/tasks/{slow}/draw", headers=SCJG)
    assert overtaken.status_code == 409
    assert "once-a-year" in overtaken.json()["detail"]
    assert sorted(overtaken.json()["objects"]) == sorted(usccs)
    anew = await client.post(f"/v1/tasks/{slow}/commitment", headers=SCJG,
                             json={"reason": "名录库在承诺后已变化"})
    assert anew.status_code == 409 and "grade B" in anew.json()["detail"]  # all B done
