"""HTTP edge of inspection-draw (双随机抽查): routes parse, call one handler, shape the answer."""

from __future__ import annotations

from fastapi import APIRouter

TAG = {"name": "inspection-draw", "description": "双随机抽查: the inspection-draw endpoints"}
router = APIRouter(tags=[TAG["name"]])
