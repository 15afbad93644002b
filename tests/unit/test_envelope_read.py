"""``Envelope.from_json``: read in one pass by pydantic-core, it gives what reading with
Python's ``json`` and validating gives, and a value it cannot read is refused with the
reason (or read as ``json`` reads it, where only pydantic-core's parser objects)."""

from __future__ import annotations

import json

import pytest

from shared.contracts import Envelope, InvalidEnvelope

TYPE = "cn.gov.jianguan.credit.record.added.v1"


@pytest.mark.parametrize("data", [
    {}, {"uscc": "91370200MA3C8X1234", "fine_yuan": "2000.00", "n": 12, "x": 1.5},
    {"nested": {"list": [1, "甲", None, True]}, "big": 2**70},
])
def test_a_good_envelope_reads_as_json_and_validation_read_it(data) -> None:  # type: ignore[no-untyped-def]
    raw = Envelope(source="/jianguan/credit-rating", type=TYPE, subject="s",
                   data=data).to_json()
    assert Envelope.from_json(raw) == Envelope.model_validate(json.loads(raw))
    assert Envelope.from_json(raw.decode()) == Envelope.from_json(raw)


@pytest.mark.parametrize(("raw", "reason"), [
    (None, "has no value"), (b"this is not JSON", "not JSON"),
    (b"[1, 2]", "not an object"), (b'{"source": "", "type": "x"}', "source: String"),
    (b'{"source": "/s", "type": "cn.gov.jianguan.a.b.v1", "specversion": "0.3"}',
     "specversion"),
])
def test_a_bad_value_is_refused_with_its_reason(raw, reason) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidEnvelope, match=reason):
        Envelope.from_json(raw)


def test_what_only_the_fast_parser_refuses_is_read_as_json_reads_it() -> None:
    raw = '{"source": "/s", "type": "cn.gov.jianguan.a.b.v1", "data": {"x": NaN}}'
    envelope = Envelope.from_json(raw)
    assert envelope.data["x"] != envelope.data["x"]  # NaN, as json.loads gives it
