"""HTTP edge of credit-rating (信用评价): routes parse, call one handler, shape the answer."""

from __future__ import annotations

from fastapi import APIRouter

TAG = {"name": "credit-rating", "description": "信用评价: the credit-rating endpoints"}
router = APIRouter(tags=[TAG["name"]])
