"""Path parameters of complaint-intake's routes, bounded: an id that cannot exist is
refused (422) before anything is read."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

ComplaintId = Annotated[str, Path(pattern=r"^[0-9A-Za-z-]{1,36}$",
                                  description="the complaint's id (from the filing's answer)",
                                  examples=["019378a2-5c1e-7d3a-9b1f-3c2d4e5f6a7b"])]
ReceiptCode = Annotated[str, Path(max_length=40, description="the receipt code (16 digits; "
                                  "spaces and dashes between them are ignored)",
                                  examples=["4829301746502817"])]
