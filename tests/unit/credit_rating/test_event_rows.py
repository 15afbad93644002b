"""Outbox rows of a bulk import are the rows ``Outbox`` itself would write, byte for byte."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.credit_rating.handlers.steps.event_rows import COLUMNS, EventRows, data_json
from services.credit_rating.handlers.steps.registry_rows import upserted_data
from shared.contracts.credit import EntityUpserted, GradeChanged
from shared.ids import new_id
from shared.messaging.outbox import Outbox
from shared.uscc import generate_many
from tests.clock import START

CODE = generate_many(1, seed=11)[0]
OUTBOX = Outbox("/jianguan/credit-rating")


def same_as_outbox(payload, data: str, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """``Outbox``'s row and ours agree but for the random event id (and our batch's one
    time stands for both the envelope's time and the row's)."""
    row, envelope = OUTBOX._row(payload, None, now, None, new_id())
    ours = dict(zip(COLUMNS, EventRows(OUTBOX, type(payload), envelope.time).rows(
        [(row["key"], data)])[0], strict=True))
    assert ours["payload"].replace(ours["event_id"], envelope.id) == row["payload"]
    ignored = {"event_id": None, "payload": None, "created_at": None}
    assert {**ours, **ignored} == {**row, **ignored}
    assert ours["created_at"] == envelope.time


@pytest.mark.parametrize("name", ["青岛海岸食品有限公司", 'A "quoted" \\ name', "tab\tnew\nline",
                                  "\x00\x1f\x7f control", "emoji 🏭 and \u2028", "名称\u200b"])
@pytest.mark.parametrize("tolerance_until", [None, date(2027, 12, 31)])
def test_entity_upserted_rows_match_the_outbox(name: str, tolerance_until) -> None:  # type: ignore[no-untyped-def]
    values = {"uscc": CODE, "name": name, "legal_representative": "张三",
              "registered_address": None, "region": "370211", "industry": "C1391",
              "established_on": date(2015, 3, 1), "new_economy": tolerance_until is not None,
              "tolerance_until": tolerance_until}
    payload = EntityUpserted.model_construct(**{n: values[n] for n in EntityUpserted.model_fields
                                                if n != "version"}, version=7)
    same_as_outbox(payload, upserted_data(values, 7), START)


@pytest.mark.parametrize("now", [START, datetime(2026, 11, 22, 8, 30, tzinfo=UTC)])
def test_grade_changed_rows_match_the_outbox(now: datetime) -> None:
    payload = GradeChanged.model_construct(uscc=CODE, old_grade=None, new_grade="A", score=100.0,
                                           rule_version="2026.1", no_penalty_3y=True,
                                           changed_at=now, version=1)
    same_as_outbox(payload, data_json(payload.model_dump(mode="json")), now)

