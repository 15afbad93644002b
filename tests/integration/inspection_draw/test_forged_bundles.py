"""A forged bundle does not verify, through the API or the command (issue 15.1): rules or an
inspector pool changed after the commitment, with every result recomputed from them."""

from __future__ import annotations

import json

from services.inspection_draw.domain.proof import ProofBundle
from services.inspection_draw.models import InspectionObject
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    SCJG,
    inspectors,
    mirror_objects,
    published_task,
)
from tests.integration.inspection_draw.test_draw_flow import verify_in_fresh_process
from tests.unit.inspection_draw.test_commitment_binding import changed_rules, recomputed


async def test_changed_rules_or_pool_recomputed_are_refused_by_api_and_command(
        client, tmp_path):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["B"] * 30 + ["D"] * 30)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 4)
    task_id = await published_task(client, [ORDINARY_SCJG], region, ratio="0.2")
    drawn = (await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json()
    served = (await client.get(f"/v1/draws/{drawn['draw_id']}/proof")).text
    honest = ProofBundle.from_json(served)
    dropped = tuple(p for p in honest.inspectors_document
                    if p["inspector_id"] != honest.assignment.teams[0][1][0])
    for forged, says in (
            (recomputed(honest, rules=changed_rules(honest, "D", "multiplier", "6")),
             "rules differ from the committed rules"),
            (recomputed(honest, rules=changed_rules(honest, "B", "max_ratio", "0.01")),
             "rules differ from the committed rules"),
            (recomputed(honest, inspectors=dropped), "inspector pool differs")):
        document = json.loads(forged.to_json())
        verdict = (await client.post("/v1/draws:verify", json=document)).json()
        assert not verdict["identical"] and verdict["first_difference"].startswith(says)
        fresh = verify_in_fresh_process(tmp_path, document)
        assert fresh.returncode == 1 and says in fresh.stdout
