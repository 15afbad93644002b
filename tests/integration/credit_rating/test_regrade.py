"""A new rule version re-grades every entity; only letter changes are announced (CR-3)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from services.credit_rating.domain.rules import load_credit_rules
from services.credit_rating.handlers.batch_regrade import regrade_all
from services.credit_rating.models import EntityGrade
from shared.settings import REPO_ROOT
from tests.clock import TODAY, days_ago
from tests.integration.credit_rating.conftest import SCJG, context_of, events, register

RECENTLY = days_ago(10).isoformat()


def stricter_rules(tmp_path):  # type: ignore[no-untyped-def]
    """Version 2026.2: A needs 101 points, so a clean entity (100) is B from now on."""
    reference = tmp_path / "reference"
    shutil.copytree(REPO_ROOT / "deploy" / "reference", reference)
    path = reference / "credit_rules.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('version: "2026.1"', 'version: "2026.2"', 1)
    text = text.replace("{grade: A, label: 诚信守法, min_score: 90}",
                        "{grade: A, label: 诚信守法, min_score: 101}", 1)
    path.write_text(text, encoding="utf-8")
    return load_credit_rules(path)


async def test_regrade_under_a_new_rule_version_announces_only_changed_letters(client, tmp_path):
    clean = await register(client)
    minor = await register(client)
    general = await register(client)
    for uscc, severity in ((minor, "minor"), (general, "general")):
        answer = await client.post(f"/v1/entities/{uscc}/records", headers=SCJG, json={
            "kind": "administrative_penalty", "severity": severity, "department": "SCJG",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条", "decided_on": RECENTLY})
        assert answer.status_code == 201, answer.text
    before = {u: len(await events(client.app, "credit.grade.changed.v1", u))
              for u in (clean, minor, general)}

    ctx = replace(context_of(client.app), rules=stricter_rules(tmp_path))
    db, seen = ctx.database, []
    summary = await regrade_all(ctx, actor="test", chunk=2,
                                progress=lambda d, t: seen.append((d, t)))

    assert summary.rule_version == "2026.2" and summary.changed >= 1
    assert seen[-1][0] == seen[-1][1] == summary.entities  # progress reached the end
    async with db.reader() as session:
        grades = dict((await session.execute(
            select(EntityGrade.uscc, EntityGrade.grade).where(
                EntityGrade.uscc.in_([clean, minor, general])))).all())
        versions = set((await session.execute(select(EntityGrade.rule_version))).scalars())
    assert grades == {clean: "B", minor: "B", general: "C"}
    assert versions == {"2026.2"}, "an entity kept its old rule version"
    changes = await events(client.app, "credit.grade.changed.v1", clean)
    assert len(changes) == before[clean] + 1
    assert (changes[-1]["old_grade"], changes[-1]["new_grade"]) == ("A", "B")
    assert changes[-1]["rule_version"] == "2026.2"
    for unchanged in (minor, general):
        assert len(await events(client.app, "credit.grade.changed.v1", unchanged)) \
            == before[unchanged], "an unchanged letter was announced"

    stamped = select(EntityGrade.uscc, EntityGrade.computed_at)
    async with db.reader() as session:
        computed = dict((await session.execute(stamped)).all())
    again = await regrade_all(ctx, TODAY, actor="t")
    assert again.changed == 0 and again.entities == summary.entities
    async with db.reader() as session:
        assert dict((await session.execute(stamped)).all()) == computed, \
            "an unchanged grade was written again"


async def test_three_years_without_penalty_is_announced_when_time_turns_it(client):
    """CR-10: the standing turns with time alone; inspection-draw learns it from the event
    even though the letter stays A."""
    established = TODAY - timedelta(days=3 * 365 - 30)  # 3 years old next month
    uscc = await register(client, established_on=established.isoformat())
    [first] = await events(client.app, "credit.grade.changed.v1", uscc)
    assert (first["new_grade"], first["no_penalty_3y"]) == ("A", False)

    ctx = context_of(client.app)
    later = established.replace(year=established.year + 3) + timedelta(days=1)
    for _ in range(2):  # the second run finds nothing new to announce
        await regrade_all(ctx, later, actor="test")

    changes = await events(client.app, "credit.grade.changed.v1", uscc)
    assert [(c["old_grade"], c["new_grade"], c["no_penalty_3y"]) for c in changes] == [
        (None, "A", False), ("A", "A", True)]


async def test_regrade_stores_its_grade_events_as_the_outbox_would(client, tmp_path):
    """The re-grade writes its ``credit.grade.changed.v1`` rows itself (``EventRows``):
    each is the envelope the outbox makes of the same ``GradeChanged``, id and time aside,
    on the topic, key and subject the outbox gives it."""
    from shared.contracts.credit import GradeChanged
    from shared.platform_tables import outbox

    clean = await register(client)
    ctx = replace(context_of(client.app), rules=stricter_rules(tmp_path))
    await regrade_all(ctx, actor="test")
    query = select(outbox.c.event_id, outbox.c.event_type, outbox.c.topic, outbox.c.key,
                   outbox.c.payload).where(outbox.c.topic == "credit.grade.changed.v1",
                                           outbox.c.key == clean).order_by(outbox.c.id)
    async with ctx.database.reader() as session:
        stored = (await session.execute(query)).all()[-1]
    data = json.loads(stored.payload)["data"]
    assert (data["old_grade"], data["new_grade"]) == ("A", "B")
    own = ctx.outbox.envelope(GradeChanged(**data))
    envelope = json.loads(stored.payload)
    assert envelope["id"] == stored.event_id
    assert stored.event_type == own.type and stored.key == clean
    expected = json.loads(own.to_json())
    for varying in ("id", "time"):
        envelope.pop(varying), expected.pop(varying)
    assert envelope == expected
    assert stored.payload.endswith('"data":' + own.to_json().decode().split('"data":', 1)[1]), \
        "the data is not serialised as the outbox serialises it"


async def test_regrade_reads_the_rows_sqlalchemy_would(client):
    """The re-grade's big reads (on SQLite the driver's tuples, values as stored) hold
    what SQLAlchemy's rows of the same columns hold, and an entity's registry facts come
    out typed as their columns (dates, the flag as a bool)."""
    from services.credit_rating.handlers.steps.regrade_rows import (
        ENTITY_FACTS,
        STORED,
        EntityRows,
    )
    from services.credit_rating.models import Entity

    uscc = await register(client, established_on="2024-05-06", new_economy=True,
                          tolerance_until="2026-05-06")
    async with context_of(client.app).database.unit_of_work() as uow:
        core = await uow.session.connection()
        reads = EntityRows(core)
        [facts] = [row for row in await reads.entities("", 1_000_000) if row[0] == uscc]
        [typed] = (await core.execute(select(*ENTITY_FACTS).where(Entity.uscc == uscc))).all()
        assert reads.typed(facts) == tuple(typed)
        assert isinstance(reads.typed(facts).new_economy, bool)
        [stored] = await reads.stored(uscc, uscc)
        [expected] = (await core.execute(select(*STORED).where(EntityGrade.uscc == uscc))).all()
        assert tuple(stored) == tuple(expected)
