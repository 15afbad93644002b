"""HTTP edge of complaint-intake (投诉举报): routes parse, call one handler, shape the answer."""

from __future__ import annotations

from fastapi import APIRouter

TAG = {"name": "complaint-intake", "description": "投诉举报: the complaint-intake endpoints"}
router = APIRouter(tags=[TAG["name"]])
