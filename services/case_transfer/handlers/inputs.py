"""Bounded input of case-transfer's commands (输入边界): what a caller may send.

Free text is stored and shown as given, so it may hold no control character a database
refuses (NUL in PostgreSQL) or a reader cannot see; codes and identifiers are ASCII
patterns; documents are metadata and a SHA-256, never the file. A value outside gets a
422 naming the field.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from shared.fields import count

_PROSE_SPACING = frozenset("\n\r\t")
LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
PROSE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def _visible(text: str, allowed: frozenset[str] = frozenset()) -> str:
    for position, char in enumerate(text):
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cs"):
            raise ValueError(f"character {position + 1} is the control character "
                             f"U+{ord(char):04X}; remove it")
    if not text.strip():
        raise ValueError("blank text; write something")
    return text


def _prose(text: str) -> str:
    return _visible(text, _PROSE_SPACING)


def line(max_length: int, **extra: Any) -> Any:
    """``Annotated[str, *line(200)]``: one line of visible text."""
    return (Field(min_length=1, max_length=max_length,
                  json_schema_extra={"pattern": LINE_PATTERN}, **extra),
            AfterValidator(_visible))


Title = Annotated[str, *line(200, description="案由: what the case is about",
                             examples=["销售超过保质期的食品"])]
Prose = Annotated[str, Field(min_length=1, max_length=4000,
                             json_schema_extra={"pattern": PROSE_PATTERN}),
                  AfterValidator(_prose)]
Reason = Annotated[str, Field(min_length=2, max_length=1000,
                              json_schema_extra={"pattern": PROSE_PATTERN}),
                   AfterValidator(_prose)]
DepartmentCode = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9\-]{0,31}$",
                                      examples=["WSJK"],
                                      description="a department code of departments.yaml")]
Badge = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]{1,39}$",
                             description="执法证号: an officer's enforcement certificate number",
                             examples=["SCJG-370200-0117"])]
Officers = Annotated[list[Badge], Field(min_length=1, max_length=20,
                                        description="执法人员 on the case, by 执法证号")]
ViolationCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9\-]{0,31}$",
                                     examples=["SP-124-1"])]
Yuan = Annotated[Decimal, Field(ge=0, le=Decimal("1000000000"), max_digits=14,
                                decimal_places=2, examples=["60000"])]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file, "
                              "64 lower-case hex digits")]


class Document(BaseModel):
    """A document's metadata and hash (the file itself stays in the department's system)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Annotated[str, Field(pattern=r"^[a-z][a-z_]{1,39}$", examples=["transfer_letter"],
                               description="transfer_letter (移送书), investigation_report "
                               "(调查报告), seized_items_list (涉案物品清单), "
                               "inspection_conclusion (检验/鉴定结论), evidence, other …")]
    title: Annotated[str, *line(200)]
    sha256: Sha256
    size_bytes: Annotated[int, count(ge=1, le=10_000_000_000)] | None = None
    media_type: Annotated[str, Field(pattern=r"^[a-z]+/[A-Za-z0-9.+\-]{1,60}$",
                                     examples=["application/pdf"])] | None = None


Documents = Annotated[list[Document], Field(max_length=50)]
Party = Literal["entity", "person"]


def documents_json(documents: list[Document] | None) -> list[dict[str, Any]]:
    """The documents as stored (JSON)."""
    return [d.model_dump(mode="json", exclude_none=True) for d in documents or ()]
