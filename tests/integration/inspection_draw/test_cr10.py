"""CR-10 has an effect (issue 16.10): an entity without an administrative penalty for three
years, as credit-rating's grade event says, is drawn with a lower probability, visible in
the draw's strata (inclusion probability x/N) and n/N."""

from __future__ import annotations

from services.inspection_draw.models import InspectionObject
from tests.integration.inspection_draw.conftest import (
    ORDINARY_SCJG,
    SCJG,
    inspectors,
    mirror_objects,
    published_task,
)


async def test_three_years_without_penalty_halves_the_published_probability(client):  # type: ignore[no-untyped-def]
    usccs = await mirror_objects(client.app, ["B"] * 80, no_penalty=[False] * 40 + [True] * 40)
    async with client.app.state.db.reader() as session:
        region = (await session.get(InspectionObject, usccs[0])).region
    await inspectors(client, "SCJG", [ORDINARY_SCJG], 2)
    task_id = await published_task(client, [ORDINARY_SCJG], region, ratio="0.1")
    committed = (await client.post(f"/v1/tasks/{task_id}/commitment", headers=SCJG,
                                   json={})).json()
    before = {s["no_penalty_3y"]: s["inclusion_probability"] for s in committed["strata"]}
    assert before == {False: "1/10", True: "1/20"}  # published before the draw
    drawn = (await client.post(f"/v1/tasks/{task_id}/draw", headers=SCJG)).json()
    strata = {s["no_penalty_3y"]: s for s in drawn["strata"]}
    assert (strata[False]["probability"], strata[True]["probability"]) == ("4/40", "2/40")
    assert strata[True]["inclusion_probability"] == "1/20"
