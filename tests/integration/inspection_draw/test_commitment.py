"""Commit first, draw later (IN-6, issue 15.2): the commitment is public before the draw
(``GET /v1/tasks/{id}/commitment`` and ``inspection.draw.committed.v1``), a beacon is a
drand round published after the commitment whose signature is checked against the chain
key, the nonce stays secret until the draw, and every step is in the audit log.

The beacon rounds are real: rounds 1, 2 and 1000 of the League of Entropy's drand
``quicknet`` chain (public key in deploy/reference/beacons.yaml), as its relays publish
them. Round 1000 was published at 2023-08-23T15:59:24Z, so these tests commit at 15:50.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from services.inspection_draw.models import InspectionObject
from shared.audit import verify_chain
from shared.platform_tables import audit_log
from tests.clock import service_clock
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    SCJG,
    events,
    inspectors,
    make_app,
    mirror_objects,
    outbox_topics,
    published_task,
    serving,
)

QUICKNET = "drand:quicknet"
ROUND_1000 = ("b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2b"
              "acbe47e4b6b63ed5e39")
ROUND_1 = ("b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48"
           "871c7089a2b3af4b")
BEFORE_ROUND_1000 = datetime(2023, 8, 23, 15, 50, tzinfo=UTC)


async def _region(client, usccs):  # type: ignore[no-untyped-def]
    async with client.app.state.db.reader() as session:
        return (await session.get(InspectionObject, usccs[0])).region


async def test_the_commitment_is_public_and_announced_before_the_draw(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["B"] * 20 + ["D"] * 20)
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 3)
    task_id = await published_task(client, [ORDINARY_SCJG], await _region(client, usccs),
                                   size=6)
    assert (await client.get(f"/v1/tasks/{task_id}/commitment")).status_code == 404
    committed = await client.post(f"/v1/tasks/{task_id}/commitment", headers=SCJG, json={})
    assert committed.status_code == 201, committed.text
    public = await client.get(f"/v1/tasks/{task_id}/commitment")  # no token
    assert public.status_code == 200 and public.json() == committed.json()
    body = public.json()
    assert body["status"] == "open" and body["sequence"] == 1 and "nonce" not in body
    commitment = body["commitment"]
    assert len(commitment["rules_hash"]) == len(commitment["inspector_pool_hash"]) == 64
    assert {(s["grade"], s["population"], s["expected_size"]) for s in body["strata"]} == {
        ("B", 20, "3/2"), ("D", 20, "9/2")}  # size 6 shared 1 : 3 before any draw
    announced = await events(client.app, "inspection.draw.committed.v1", task_id)
    assert [e["commitment_hash"] for e in announced] == [body["commitment_hash"]]
    assert announced[0]["commitment"] == commitment and "nonce" not in announced[0]


async def test_the_one_call_draw_publishes_its_commitment_first(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["D"] * 10)
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    task_id = await published_task(client, [ORDINARY_SCJG], await _region(client, usccs))
    drawn = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)
    assert drawn.status_code == 201, drawn.text
    topics = [t for t in await outbox_topics(client.app, task_id)
              if t.startswith("inspection.draw.")]
    assert topics == ["inspection.draw.committed.v1", "inspection.draw.completed.v1"]
    one_call_beacon = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG,
                                        json={"beacon_value": ROUND_1000})
    assert one_call_beacon.status_code == 422


async def test_a_drand_round_is_named_ahead_and_its_signature_checked(database, tmp_path):  # type: ignore[no-untyped-def]
    app = make_app(database, clock=service_clock(BEFORE_ROUND_1000))
    async with serving(app) as client:
        usccs = await mirror_objects(app, ["B"] * 20 + ["D"] * 20)
        await inspectors(client, "SCJG", [ORDINARY_SCJG], 3)
        task_id = await published_task(client, [ORDINARY_SCJG], await _region(client, usccs),
                                       year=2023, size=6)
        for source, round_number in ((QUICKNET, 2), ("drand:nonesuch", 1000)):
            refused = await client.post(f"/v1/tasks/{task_id}/commitment", headers=SCJG,
                                        json={"beacon": {"source": source,
                                                         "round": round_number}})
            assert refused.status_code == 422, refused.text  # published already / unknown
        committed = await client.post(f"/v1/tasks/{task_id}/commitment", headers=SCJG,
                                      json={"beacon": {"source": QUICKNET, "round": 1000}})
        assert committed.status_code == 201, committed.text
        beacon = committed.json()["commitment"]["beacon"]
        assert (beacon["round"], beacon["chain_hash"][:8]) == (1000, "52db9ba7")
        for value in (None, ROUND_1, ROUND_1000.replace("b4", "a4", 1), "f" * 64):
            body = {} if value is None else {"beacon_value": value}
            wrong = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG, json=body)
            assert wrong.status_code == 422, (value, wrong.text)
        app.state.context.roster_cache.clear()  # as if another process draws it
        drawn = await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG,
                                  json={"beacon_value": ROUND_1000})
        assert drawn.status_code == 201, drawn.text
        assert drawn.json()["commitment_hash"] == committed.json()["commitment_hash"]
        bundle = (await client.get(f"/v1/draws/{drawn.json()['draw_id']}/proof")).json()
        assert bundle["beacon_value"] == ROUND_1000
        assert (await client.post("/v1/draws:verify", json=bundle)).json()["identical"]
        bundle["beacon_value"] = ROUND_1  # a real signature, of another round
        verdict = (await client.post("/v1/draws:verify", json=bundle)).json()
        assert not verdict["identical"]
        assert verdict["first_difference"].startswith("beacon value differs")

        async with app.state.db.reader() as session:
            actions = (await session.execute(select(audit_log.c.action, audit_log.c.detail)
                                             .where(audit_log.c.subject == task_id))).all()
            report = await verify_chain(session, app.state.context.database.audit.key)
        assert [a for a, _ in actions] == ["inspection.task.added", "inspection.draw.committed",
                                          "inspection.draw.completed"]
        assert all(drawn.json()["nonce"] not in d for _, d in actions[:2])
        assert report.intact, report.message
