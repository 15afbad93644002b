"""One finding, one record (issue 16.6): an inspection result first recorded as such and
then completed as a broken commitment (credit.record.changed.v1) is published as a broken
commitment, once; a completed severity moves its notice's severity."""

from __future__ import annotations

import uuid

from shared.contracts.credit import RecordAdded, RecordChanged
from tests.clock import days_ago
from tests.integration.public_notice.conftest import notices_of, register, send


def result_record(uscc: str, record_id: str) -> RecordAdded:
    return RecordAdded(record_id=record_id, uscc=uscc, kind="inspection_result",
                       severity="general", department="SCJG", decided_on=days_ago(3),
                       status="active", published=True, publicity_end=days_ago(-362))


def became_broken_commitment(uscc: str, record_id: str, severity: str = "general",
                             ) -> RecordChanged:
    return RecordChanged(record_id=record_id, uscc=uscc, kind="broken_commitment",
                         severity=severity, status="active", published=True,
                         publicity_end=days_ago(-362), reason="承诺不实 (result R-1)",
                         department="SCJG", decided_on=days_ago(3))


async def test_an_inspection_first_finding_is_published_as_a_broken_commitment(app):
    uscc, record_id = await register(app), str(uuid.uuid4())
    await send(app, result_record(uscc, record_id))
    assert await notices_of(app, uscc) == []  # results are published from their own event
    changed = became_broken_commitment(uscc, record_id)
    await send(app, changed)
    [notice] = await notices_of(app, uscc)
    assert (notice.kind, notice.record_id, notice.status) == (
        "broken_commitment", record_id, "published")
    await send(app, changed)  # the same completion again (another event id)
    assert len(await notices_of(app, uscc)) == 1


async def test_a_completed_severity_moves_the_notice_it_has(app):
    uscc, record_id = await register(app), str(uuid.uuid4())
    await send(app, RecordAdded(record_id=record_id, uscc=uscc, kind="broken_commitment",
                                severity="general", department="SCJG",
                                decided_on=days_ago(3), status="active", published=True,
                                publicity_end=days_ago(-362)))
    await send(app, became_broken_commitment(uscc, record_id, severity="serious"))
    [notice] = await notices_of(app, uscc)
    assert (notice.kind, notice.severity) == ("broken_commitment", "serious")
