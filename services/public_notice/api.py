"""HTTP edge of public-notice (信息公示): routes parse, call one handler, shape the answer."""

from __future__ import annotations

from fastapi import APIRouter

TAG = {"name": "public-notice", "description": "信息公示: the public-notice endpoints"}
router = APIRouter(tags=[TAG["name"]])
