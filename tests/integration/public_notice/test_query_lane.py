"""The fast lane of the public credit query answers what the route answers, byte for
byte, and charges the address's quota once per call (PN-5)."""

from __future__ import annotations

from tests.integration.public_notice.conftest import (
    fresh_uscc,
    make_app,
    penalty,
    register,
    send,
    serving,
)


async def test_the_lane_and_the_route_answer_the_same_bytes(app, client):
    uscc = await register(app)
    await send(app, penalty(uscc, fine="20000"))
    lane = await client.get(f"/v1/entities/{uscc}/public")
    route = await client.get(f"/v1/entities/{uscc}/public", params={"via": "route"})
    assert lane.status_code == route.status_code == 200
    assert lane.content == route.content
    assert lane.headers["content-type"] == route.headers["content-type"]
    unknown = await client.get(f"/v1/entities/{fresh_uscc()}/public")
    assert unknown.status_code == 404 and unknown.json()["type"].endswith("entity-not-found")
    lower = await client.get(f"/v1/entities/{uscc.lower()}/public")
    assert lower.content == lane.content  # a code in lower case is the same entity


async def test_each_query_costs_one_whichever_path_answers_it(database):
    app = make_app(database, query_requests=3)
    async with serving(app) as client:
        uscc = await register(app)
        assert (await client.get(f"/v1/entities/{fresh_uscc()}/public")).status_code == 404
        assert (await client.get(f"/v1/entities/{uscc}/public")).status_code == 200
        assert (await client.get(f"/v1/entities/{uscc}/public")).status_code == 200
        refused = await client.get(f"/v1/entities/{uscc}/public")
        assert refused.status_code == 429 and "retry-after" in refused.headers
