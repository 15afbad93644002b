"""A subject named without a USCC is found in a realistic mirror, where thousands of
names share the city's first characters (CP-1)."""

from __future__ import annotations

import random

from services.complaint_intake.domain.matching import name_key
from services.complaint_intake.models import MirroredEntity
from shared.uscc import generate_many
from tests.clock import START
from tests.integration.complaint_intake.conftest import SCJG, file, filing

TARGET = "青岛海岸食品有限公司"
_WORDS = "海岸食品科技贸易商贸餐饮物流建材服装电子家具酒店超市"


async def _fill_mirror(app, count: int) -> str:  # type: ignore[no-untyped-def]
    """``count`` entities named 青岛…有限公司 (the target among the last), the target's USCC."""
    rng, codes = random.Random(4), generate_many(count, seed=404, region="370211")
    names = {f"青岛{''.join(rng.sample(_WORDS, 4))}有限公司" for _ in range(count * 2)}
    names.discard(TARGET)
    names = [*sorted(names)[:count - 1], TARGET]
    async with app.state.db.unit_of_work() as uow:
        uow.session.add_all(MirroredEntity(uscc=code, name=name, name_key=name_key(name),
                                           region="370211", updated_at=START)
                            for code, name in zip(codes, names, strict=True))
    return codes[-1]


async def test_a_name_is_matched_among_thousands_sharing_its_first_characters(client):
    target = await _fill_mirror(client.app, 1500)

    exact = await file(client, filing(subject={"name": TARGET}))
    close = await file(client, filing(subject={"name": "青岛海岸食品公司"}))
    unknown = await file(client, filing(subject={"name": "平度市老王烧烤店"}))

    for filed, score in ((exact, 1.0), (close, None)):
        detail = (await client.get(f"/v1/complaints/{filed['complaint_id']}",
                                   headers=SCJG)).json()
        assert detail["uscc"] == target, detail
        assert detail["match_score"] == score if score else 0.6 <= detail["match_score"] < 1
    detail = (await client.get(f"/v1/complaints/{unknown['complaint_id']}", headers=SCJG))
    assert detail.json()["uscc"] is None
