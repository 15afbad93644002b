"""The public directory and the list notices end in credit-rating's state whatever the order
its events arrive in (issue 20.1): the registry data and grade shown, whether an entity's
严重失信主体名单 notice is up, whether an abnormal listing's notice is up."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from services.public_notice.consumers import consumers
from services.public_notice.models import Notice, PublicEntity
from tests.integration.conftest import backend_params
from tests.integration.credit_history import ProducerState, credit_history, deliver, orders
from tests.integration.public_notice.conftest import make_app
from tests.integration.service_kit import migrated_database

Copy = dict[str, Any]


@pytest.fixture(scope="module", params=backend_params())
def backend(request) -> str:  # type: ignore[no-untyped-def]
    return str(request.param)


def expected(state: ProducerState) -> Copy:
    return {
        "directory": {uscc: (e["name"], e["region"], e["industry"], e["established_on"],
                             state.grades[uscc][0], state.grades[uscc][2])
                      for uscc, e in state.entities.items()},
        "blacklist notices up": {uscc: state.blacklisted.get(uscc, False)
                                 for uscc in state.entities},
        "abnormal notices up": {listing: listed
                                for listing, (_, listed) in state.abnormal.items()}}


async def copy_of(app, state: ProducerState) -> Copy:  # type: ignore[no-untyped-def]
    usccs = list(state.entities)
    async with app.state.db.reader() as session:
        directory = (await session.scalars(
            select(PublicEntity).where(PublicEntity.uscc.in_(usccs)))).all()
        up = (await session.execute(select(Notice.kind, Notice.uscc, Notice.reference).where(
            Notice.uscc.in_(usccs), Notice.status == "published"))).all()
    return {
        "directory": {e.uscc: (e.name, e.region, e.industry, e.established_on, e.grade,
                               e.grade_rule_version) for e in directory},
        "blacklist notices up": {uscc: any(kind == "blacklist" and u == uscc
                                           for kind, u, _ in up) for uscc in usccs},
        "abnormal notices up": {listing: any(kind == "abnormal_list" and ref == listing
                                             for kind, _, ref in up)
                                for listing in state.abnormal}}


async def test_the_directory_and_list_notices_end_as_credit_rating_left_them(
        backend, tmp_path_factory):  # type: ignore[no-untyped-def]
    async with migrated_database("credit_rating", backend, tmp_path_factory) as url:
        history = await credit_history(url)
    events, want = history.of(consumers), expected(history.state)
    assert {e.name for e in events} >= {"credit.entity.upserted.v1", "credit.grade.changed.v1",
                                        "credit.blacklist.changed.v1",
                                        "credit.abnormal.changed.v1"}
    ended: dict[str, Copy] = {}
    for order, delivered in orders(events).items():
        async with migrated_database("public_notice", backend, tmp_path_factory) as url:
            app = make_app(url)
            ctx = app.state.context
            await deliver(consumers, ctx, ctx.database.unit_of_work, delivered,
                          batch=1 if order == "in order" else 3)
            ended[order] = await copy_of(app, history.state)
            await ctx.database.dispose()
    assert {order: copy for order, copy in ended.items() if copy != want} == {}, want
