"""Path parameters of resource routes (路径参数).

Custom methods are written after a colon (``POST /v1/plans/{id}:file``, as in Google's
API design guide). A plain ``{id}`` matches anything but ``/``, so
``GET /v1/plans/{id}`` would also take ``/v1/plans/P-1:file`` and answer a wrong method
there with a 422 or a 404 instead of a 405. A resource route writes its identifier as
``{plan_id:key}``: any characters but ``/`` and ``:``.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor


class KeyConvertor(Convertor[str]):
    regex = "[^/:]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("key", KeyConvertor())
