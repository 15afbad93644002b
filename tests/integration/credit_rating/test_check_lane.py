"""逢办必查's fast lane answers exactly what the route answers, and leaves the rest to it."""

from __future__ import annotations

import pytest

from services.credit_rating.api import check_lane
from tests.integration.credit_rating.conftest import YJGL, blacklist, fresh_uscc, register
from tests.integration.service_kit import bearer


@pytest.fixture
def lane_answers(monkeypatch):  # type: ignore[no-untyped-def]
    """How many answers the lane itself has served."""
    served = []
    original = check_lane.check_json

    def counting(found):  # type: ignore[no-untyped-def]
        served.append(found.uscc)
        return original(found)

    monkeypatch.setattr(check_lane, "check_json", counting)
    return served


async def test_the_lane_serves_a_known_token_with_the_same_bytes_as_the_route(client,
                                                                               lane_answers):
    uscc = await register(client)
    listed = await register(client)
    await blacklist(client, listed)

    for target, params in ((uscc, {}), (listed, {"matter": "hazardous_chemicals"})):
        fresh = bearer("YJGL", "officer", f"reviewer-{target}")  # a token never seen before
        before = len(lane_answers)
        by_route = await client.get(f"/v1/entities/{target}/check", params=params,
                                    headers=fresh)
        assert len(lane_answers) == before, "a token seen first is verified by the route"
        by_lane = await client.get(f"/v1/entities/{target}/check", params=params,
                                   headers=fresh)
        assert len(lane_answers) == before + 1, "the known token took the lane"
        assert by_route.status_code == by_lane.status_code == 200
        assert by_lane.content == by_route.content
        assert by_lane.headers["content-type"] == by_route.headers["content-type"]
        assert "traceparent" in by_lane.headers
    assert [m["code"] for m in by_lane.json()["measures"]] == ["LHCJ-07"]


async def test_anything_unusual_is_answered_by_the_route(client, lane_answers):
    uscc = await register(client)
    await client.get(f"/v1/entities/{uscc}/check", headers=YJGL)  # YJGL's token is now known
    served = len(lane_answers)

    unknown = await client.get(f"/v1/entities/{fresh_uscc()}/check", headers=YJGL)
    wrong = "X" if uscc[17] != "X" else "Y"  # a check character that is not the right one
    bad = await client.get(f"/v1/entities/{uscc[:17]}{wrong}/check", headers=YJGL)
    long_matter = await client.get(f"/v1/entities/{uscc}/check", params={"matter": "m" * 65},
                                   headers=YJGL)
    anonymous = await client.get(f"/v1/entities/{uscc}/check")
    forged = await client.get(f"/v1/entities/{uscc}/check",
                              headers={"Authorization": "Bearer not-a-token"})

    assert unknown.status_code == 404 and unknown.json()["type"].endswith("/entity-not-found")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "path.uscc"
    assert long_matter.status_code == 422
    assert long_matter.json()["errors"][0]["field"] == "query.matter"
    assert anonymous.status_code == 401 and forged.status_code == 401
    assert len(lane_answers) == served
