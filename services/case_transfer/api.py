"""HTTP edge of case-transfer (案件移送): routes parse, call one handler, shape the answer."""

from __future__ import annotations

from fastapi import APIRouter

TAG = {"name": "case-transfer", "description": "案件移送: the case-transfer endpoints"}
router = APIRouter(tags=[TAG["name"]])
