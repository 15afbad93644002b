"""Security headers of the HTML a service serves (页面安全头, issue 19).

A page says where its parts may come from (a Content-Security-Policy naming no outside
source), may not be framed (``frame-ancestors 'none'`` and ``X-Frame-Options``), is not
sniffed into another type, sends no referrer, and is not stored by a browser or proxy
when it is personal (``Cache-Control: no-store``).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping

PAGE_DIRECTIVES: Mapping[str, str] = {
    "default-src": "'none'",
    "img-src": "'self' data:",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def inline_hash(text: str) -> str:
    """The CSP source allowing exactly this inline ``<style>`` or ``<script>`` body."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(**directives: str) -> str:
    """The page policy with ``directives`` added or replaced (``style_src="'self'"`` is
    ``style-src 'self'``); every source is this service's own or an inline hash."""
    merged = {**PAGE_DIRECTIVES, **{name.replace("_", "-"): value
                                    for name, value in directives.items()}}
    return "; ".join(f"{name} {value}" for name, value in merged.items())


def page_headers(policy: str, *, cache_control: str = "no-store") -> dict[str, str]:
    """The headers of an HTML answer under ``policy`` (``no-store`` unless told)."""
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": cache_control,
    }
