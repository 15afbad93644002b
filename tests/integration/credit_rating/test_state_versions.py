"""Every event carrying a state copies keep (registry data, grade, blacklisting, an abnormal
listing) carries the version of that state, one higher than the subject's event before and
equal to the stored one at the end, from every path that emits it: the single upsert and
the bulk import, a record's re-grade and the batch re-grade, a listing kept and one
announced again for a new legal representative, an abnormal listing and its removal
(issue 20.1)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from services.credit_rating.handlers.batch_regrade import regrade_all
from services.credit_rating.models import AbnormalListing, CreditListEntry, Entity, EntityGrade
from shared.contracts import Envelope
from shared.platform_tables import outbox
from tests.clock import TODAY, days_ago
from tests.integration.credit_history import make_history
from tests.integration.credit_rating.conftest import (
    REGISTRAR,
    SCJG,
    context_of,
    fresh_uscc,
    registration,
)

VERSIONED = {"credit.entity.upserted.v1": "uscc", "credit.grade.changed.v1": "uscc",
             "credit.blacklist.changed.v1": "uscc", "credit.abnormal.changed.v1": "listing_id"}
HEADER = "uscc,name,legal_representative,registered_address,region,industry,established_on"


async def announced_versions(app) -> dict[tuple[str, str], list[int | None]]:  # type: ignore[no-untyped-def]
    """The versions each subject's events carried, by (event, subject), in order."""
    async with app.state.db.reader() as session:
        payloads = (await session.execute(select(outbox.c.payload).where(
            outbox.c.topic.in_(list(VERSIONED))).order_by(outbox.c.id))).scalars().all()
    found: dict[tuple[str, str], list[int | None]] = defaultdict(list)
    for envelope in map(Envelope.from_json, payloads):
        found[envelope.name, envelope.data[VERSIONED[envelope.name]]].append(
            envelope.data["version"])
    return dict(found)


async def stored_versions(app) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    async with app.state.db.reader() as session:
        return {
            **{("credit.entity.upserted.v1", u): v for u, v in await session.execute(
                select(Entity.uscc, Entity.version))},
            **{("credit.grade.changed.v1", u): v for u, v in await session.execute(
                select(EntityGrade.uscc, EntityGrade.version))},
            **{("credit.blacklist.changed.v1", u): v for u, v in await session.execute(
                select(CreditListEntry.uscc, CreditListEntry.version).where(
                    CreditListEntry.list_kind == "blacklist", CreditListEntry.version > 0))},
            **{("credit.abnormal.changed.v1", i): v for i, v in await session.execute(
                select(AbnormalListing.id, AbnormalListing.version))}}


async def assert_versions_count_up(app) -> dict[tuple[str, str], list[int | None]]:  # type: ignore[no-untyped-def]
    announced = await announced_versions(app)
    assert {subject: versions for subject, versions in announced.items()
            if versions != list(range(1, len(versions) + 1))} == {}
    stored = await stored_versions(app)
    assert {subject: versions[-1] for subject, versions in announced.items()} == \
        {subject: stored[subject] for subject in announced}
    return announced


async def test_each_state_event_carries_the_next_version_of_its_subject(client):
    usccs = await make_history(client)
    listed = usccs[1]  # on the blacklist: a new legal representative announces it again
    moved = await client.post("/v1/entities", headers=REGISTRAR, json=registration(
        listed, legal_representative="李新"))
    assert moved.status_code == 200, moved.text

    announced = await assert_versions_count_up(client.app)
    assert len(announced["credit.blacklist.changed.v1", listed]) == 2
    assert max(len(v) for s, v in announced.items() if s[0] == "credit.grade.changed.v1") >= 4
    assert all(len(announced["credit.entity.upserted.v1", uscc]) >= 2 for uscc in usccs[:3])


async def test_the_bulk_import_and_the_batch_regrade_carry_versions(client):
    usccs = [fresh_uscc() for _ in range(3)]

    async def imported(names: list[str]) -> None:
        lines = [HEADER, *(f"{u},{n},张三,青岛市黄岛区长江路 1 号,370211,C1391,2015-03-01"
                           for u, n in zip(usccs, names, strict=True))]
        answer = await client.post("/v1/entities:import", content="\n".join(lines).encode(),
                                   headers={**REGISTRAR, "Content-Type": "text/csv"})
        assert answer.status_code == 200, answer.text

    await imported(["甲公司", "乙公司", "丙公司"])
    await imported(["甲公司", "乙更名公司", "丙公司"])  # one changed: one event, version 2
    for _ in range(2):  # two minor violations: A → B
        answer = await client.post(f"/v1/entities/{usccs[0]}/records", headers=SCJG, json={
            "kind": "administrative_penalty", "severity": "minor", "department": "SCJG",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "decided_on": days_ago(10).isoformat()})
        assert answer.status_code == 201, answer.text
    await regrade_all(context_of(client.app), TODAY + timedelta(days=4 * 366), actor="daily")

    announced = await assert_versions_count_up(client.app)
    assert [announced["credit.entity.upserted.v1", u] for u in usccs] == [[1], [1, 2], [1]]
    assert announced["credit.grade.changed.v1", usccs[0]] == [1, 2, 3]  # back to A, in batch
