"""Bounded input of complaint-intake's commands (输入边界) beyond ``shared.fields``: the
codes a caller names (departments, regions) as ASCII patterns, and a reason's length.
A value outside gets a 422 naming the field."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from shared.fields import text

DepartmentCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$",
                                      examples=["STHJ"],
                                      description="a department code of departments.yaml")]
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$", examples=["370211"],
                                  description="a region code of regions.yaml (six digits)")]
Reason = Annotated[str, text(500, min_length=2)]
