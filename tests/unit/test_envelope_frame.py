"""The outbox writes each envelope by joining an event's own parts into a frame of what
its unit of work's events share; what it writes must be what ``Envelope`` itself makes."""

from datetime import UTC, date, datetime
from decimal import Decimal

from shared.contracts import Envelope
from shared.contracts.credit import RecordAdded
from shared.contracts.notice import NoticePublished
from shared.messaging.outbox import EnvelopeFrame

NOW = datetime(2026, 11, 24, 16, 5, 7, 123456, tzinfo=UTC)


def _envelope(payload, event_id: str, subject: str) -> bytes:
    spec = type(payload).__event_spec__
    return Envelope(id=event_id, source="/jianguan/public-notice", type=spec.type, time=NOW,
                    subject=subject, data=payload.model_dump(mode="json")).to_json()


def test_a_framed_envelope_is_the_text_envelope_makes() -> None:
    record = RecordAdded(
        record_id="R-1", uscc="91350100M000100Y43", kind="administrative_penalty",
        severity="general", department="SCJG", decided_on=date(2026, 11, 2),
        status="active", published=True, publicity_end=None, penalty_kind="fine",
        fine_yuan=Decimal("12345.60"))
    notice = NoticePublished(
        notice_id="N-1", kind="administrative_penalty", uscc="91350100M000100Y43",
        department="SCJG", title="罚款 1.2 万元\n（“引号”\\ 与 \t 制表）",
        legal_basis="《行政处罚法》第四十八条",
        decision_basis=None, decided_on=date(2026, 11, 2), published_on=date(2026, 11, 9),
        public_until=date(2029, 11, 8), period_rule="SAMR-13-general",
        source_event_id="evt-1", path="/notices/N-1", version=2)
    for payload, subject in ((record, "91350100M000100Y43"), (notice, 'a "quoted"\nsubject')):
        frame = EnvelopeFrame("/jianguan/public-notice", type(payload), NOW)
        framed = frame.text("0192f0c3-7a11-7000-8000-00000000002a", subject,
                            payload.model_dump_json())
        assert framed.encode() == _envelope(payload, "0192f0c3-7a11-7000-8000-00000000002a",
                                            subject)
        assert Envelope.from_json(framed).data == payload.model_dump(mode="json")
