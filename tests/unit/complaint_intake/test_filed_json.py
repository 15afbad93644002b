"""The answer to a filing is written by hand for speed; it must read as FiledView writes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from services.complaint_intake.api.complaints import filed_json
from services.complaint_intake.handlers.intake import Filed
from services.complaint_intake.schemas import FiledView


@pytest.mark.parametrize("filed", [
    Filed("c-1", "1234567890123456", "received", "SCJG", None, date(2026, 12, 1),
          date(2026, 12, 22), date(2026, 11, 20)),
    Filed("c-2", "1234567890123457", "linked", "卫健委", "c-1", None, None,
          date(2026, 11, 24)),
])
def test_the_answer_is_byte_for_byte_what_pydantic_writes(filed: Filed) -> None:
    assert filed_json(filed) == FiledView(**asdict(filed)).model_dump_json().encode()
