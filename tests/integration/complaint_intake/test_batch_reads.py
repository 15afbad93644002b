"""The worker's batch reads (one statement per batch, a JSON array of values on SQLite)
find what the reads they replace find, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from services.complaint_intake.handlers.filing import Subject
from services.complaint_intake.handlers.reporters import SHARING, _sharing
from services.complaint_intake.handlers.subjects import resolve_subject, resolve_subjects
from services.complaint_intake.models import MirroredEntity, ReporterIdentity
from tests.clock import START
from tests.integration.complaint_intake.conftest import context_of, file, filing, fresh_uscc


async def test_the_mirror_read_once_for_a_batch_finds_each_subject(client):
    ctx = context_of(client.app)
    db, rules = ctx.database, ctx.rules
    mirrored, unknown = fresh_uscc(), fresh_uscc()
    async with db.unit_of_work() as uow:
        uow.session.add(MirroredEntity(uscc=mirrored, name="青岛某某食品有限公司",
                                       name_key="青岛某某食品有限公司", region="370283",
                                       updated_at=START))
    subjects = [(mirrored, None, "某路1号"), (unknown, "某店", None), (mirrored, "别名", None),
                (None, "平度市老王烧烤店", None)]
    one_by_one = [await resolve_subject(db, Subject.model_construct(
        uscc=uscc, name=name, address=address), rules) for uscc, name, address in subjects]
    assert await resolve_subjects(db, subjects, rules) == one_by_one
    assert one_by_one[0].region == "370283" and one_by_one[0].name == "青岛某某食品有限公司"
    assert one_by_one[1].region == unknown[2:8] and one_by_one[1].name == "某店"


async def test_the_identities_sharing_an_index_are_found_as_before(client):
    phone, other = f"139{fresh_uscc()[-8:]}", f"138{fresh_uscc()[-8:]}"
    first = await file(client, filing(reporter={"name": "张三", "phone": phone}))
    second = await file(client, filing(reporter={"contact": phone, "id_number": "3702"}))
    await file(client, filing(reporter={"phone": other}))
    db = context_of(client.app).database
    async with db.reader() as session:
        row = (await session.execute(select(ReporterIdentity.phone_index).where(
            ReporterIdentity.complaint_id == first["complaint_id"]))).one()
        mine = sorted({row.phone_index, "0" * 64})
        expected = {tuple(r) for r in await session.execute(SHARING, {"mine": mine})}
    assert {r[0] for r in expected} == {first["complaint_id"], second["complaint_id"]}
    assert {tuple(r) for r in await _sharing(db, mine)} == expected
    assert await _sharing(db, ["f" * 64]) == []
