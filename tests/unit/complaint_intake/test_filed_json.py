"""The answer to a filing is written by hand for speed; it must read as FiledView writes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from services.complaint_intake.api.complaints import filed_json
from services.complaint_intake.handlers.intake import Accepted
from services.complaint_intake.schemas import FiledView


@pytest.mark.parametrize("filed", [
    Accepted("c-1", "1234567890123456", date(2026, 11, 20)),
    Accepted("0193a0f2-7b1c-7d4e-9c1a-2f3e4d5c6b7a", "9876543210987654", date(2026, 11, 24)),
])
def test_the_answer_is_byte_for_byte_what_pydantic_writes(filed: Accepted) -> None:
    assert filed_json(filed) == FiledView(**asdict(filed)).model_dump_json().encode()
