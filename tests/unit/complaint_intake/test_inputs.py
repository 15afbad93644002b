"""Free text refuses control characters, and the OpenAPI document says so with a pattern
that agrees with the validator character for character."""

from __future__ import annotations

import re

import pytest
from pydantic import TypeAdapter, ValidationError

from services.complaint_intake.handlers.inputs import LINE_PATTERN, PROSE_PATTERN, Line, Prose

CHARACTERS = [chr(c) for c in range(0x250)] + ["\u2028", "\u3000", "\ufeff", "长", "😀"]


@pytest.mark.parametrize(("kind", "pattern"), [(Line, LINE_PATTERN), (Prose, PROSE_PATTERN)],
                         ids=["line", "prose"])
def test_the_documented_pattern_and_the_validator_agree(kind, pattern) -> None:  # type: ignore[no-untyped-def]
    adapter, documented = TypeAdapter(kind), re.compile(pattern)
    for char in CHARACTERS:
        text = f"a{char}b"
        try:
            adapter.validate_python(text)
            accepted = True
        except ValidationError as refused:
            accepted = False
            assert f"U+{ord(char):04X}" in str(refused)  # it names the character
        assert accepted == bool(documented.match(text)), repr(char)


def test_prose_keeps_its_line_breaks_and_a_line_does_not() -> None:
    assert TypeAdapter(Prose).validate_python("第一行\n第二行\t完") == "第一行\n第二行\t完"
    with pytest.raises(ValidationError, match=r"U\+000A"):
        TypeAdapter(Line).validate_python("第一行\n第二行")
