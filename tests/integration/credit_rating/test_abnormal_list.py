"""The 经营异常名录 (CR-5): three years on it without a break put an entity on the
serious-dishonesty list, forewarned 60 days before; moving it off ends that."""

from __future__ import annotations

from datetime import timedelta

from services.credit_rating.domain.periods import add_years
from services.credit_rating.handlers.batch_regrade import regrade_all
from services.credit_rating.handlers.check import check_entity
from tests.clock import TODAY
from tests.integration.credit_rating.conftest import (
    NO_ROLE,
    SCJG,
    YJGL,
    context_of,
    events,
    fresh_uscc,
    register,
)


async def put_on(client, uscc: str, listed_on, headers=SCJG):  # type: ignore[no-untyped-def]
    return await client.post(f"/v1/entities/{uscc}/abnormal-listings", headers=headers,
                             json={"department": "SCJG", "reason": "通过登记的住所无法联系",
                                   "listed_on": listed_on.isoformat()})


async def check(client, uscc: str) -> dict:  # type: ignore[no-untyped-def]
    answer = await client.get(f"/v1/entities/{uscc}/check", headers=YJGL)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_three_years_on_the_abnormal_list_blacklist_until_moved_off(client):
    uscc = await register(client)
    listed = await put_on(client, uscc, add_years(TODAY, -3) - timedelta(days=10))
    assert listed.status_code == 201, listed.text
    listing = listed.json()

    on = await check(client, uscc)
    assert on["blacklist"]["listed"] is True and on["grade"] == "D"
    assert "经营异常名录" in on["blacklist"]["reason"]
    [announced] = await events(client.app, "credit.abnormal.changed.v1", uscc)
    assert (announced["listed"], announced["listing_id"]) == (True, listing["id"])

    removal = {"removed_on": TODAY.isoformat(), "reason": "已补报年度报告"}
    foreign = await client.post(f"/v1/abnormal-listings/{listing['id']}:remove",
                                headers=YJGL, json=removal)
    roleless = await client.post(f"/v1/abnormal-listings/{listing['id']}:remove",
                                 headers=NO_ROLE, json=removal)
    assert foreign.status_code == 403 and "SCJG" in foreign.json()["detail"]
    assert roleless.status_code == 403 and "'officer'" in roleless.json()["detail"]
    still = await check(client, uscc)
    assert still["blacklist"]["listed"] is True, "a refused removal changed the listing"
    assert len(await events(client.app, "credit.abnormal.changed.v1", uscc)) == 1

    removed = await client.post(f"/v1/abnormal-listings/{listing['id']}:remove",
                                headers=SCJG, json=removal)
    again = await client.post(f"/v1/abnormal-listings/{listing['id']}:remove",
                              headers=SCJG, json={"removed_on": TODAY.isoformat(),
                                                  "reason": "再次移出"})

    assert removed.status_code == 200, removed.text
    assert again.status_code == 409
    off = await check(client, uscc)
    assert off["blacklist"]["listed"] is False and off["grade"] == "A"
    changes = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert [c["listed"] for c in changes] == [True, False]
    listings = (await client.get(f"/v1/entities/{uscc}/abnormal-listings",
                                 headers=YJGL)).json()
    assert [(row["id"], row["removed_on"]) for row in listings] == [
        (listing["id"], TODAY.isoformat())]


async def test_the_coming_serious_listing_is_forewarned_once_then_made(client):
    uscc = await register(client)
    listed_on = add_years(TODAY, -3) + timedelta(days=30)  # three years in 30 days
    assert (await put_on(client, uscc, listed_on)).status_code == 201
    assert (await check(client, uscc))["blacklist"]["listed"] is False
    ctx = context_of(client.app)

    for _ in range(2):  # the daily run: the warning leaves once
        await regrade_all(ctx, actor="test")
    [warning] = await events(client.app, "credit.abnormal.warning.v1", uscc)
    serious_on = add_years(listed_on, 3)
    assert warning["serious_on"] == serious_on.isoformat()
    assert await events(client.app, "credit.blacklist.changed.v1", uscc) == []

    # on the day itself 逢办必查 already says so, before the daily run has stored it
    due = await check_entity(ctx, uscc, department="YJGL", matter=None, as_of=serious_on)
    eve = await check_entity(ctx, uscc, department="YJGL", matter=None,
                             as_of=serious_on - timedelta(days=1))
    assert (due.blacklist.listed, due.grade, eve.blacklist.listed) == (True, "D", False)
    assert "经营异常名录" in due.blacklist.reason

    await regrade_all(ctx, serious_on, actor="test")
    [blacklisted] = await events(client.app, "credit.blacklist.changed.v1", uscc)
    assert blacklisted["listed"] is True and "经营异常名录" in blacklisted["reason"]


async def test_bad_abnormal_listings_say_what_to_change(client):
    uscc = await register(client)
    future = await put_on(client, uscc, TODAY + timedelta(days=2))
    other = await client.post(f"/v1/entities/{uscc}/abnormal-listings", headers=YJGL,
                              json={"department": "SCJG", "reason": "x",
                                    "listed_on": TODAY.isoformat()})
    roleless = await put_on(client, uscc, TODAY, headers=NO_ROLE)
    unknown = await client.get(f"/v1/entities/{fresh_uscc()}/abnormal-listings",
                               headers=YJGL)
    assert future.status_code == 422 and "after today" in future.json()["detail"]
    assert future.json()["errors"][0]["field"] == "body.listed_on"
    assert other.status_code == 403 and other.json()["type"].endswith("/not-your-department")
    assert roleless.status_code == 403 and "'officer'" in roleless.json()["detail"]
    assert unknown.status_code == 404
    listings = await client.get(f"/v1/entities/{uscc}/abnormal-listings", headers=YJGL)
    assert listings.json() == [], "a refused listing was stored"
    assert await events(client.app, "credit.abnormal.changed.v1", uscc) == []
