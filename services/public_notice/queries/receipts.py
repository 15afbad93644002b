"""Receipt tracking (查询码查询) for the public page: complaint-intake holds the state of a
complaint and nothing about it travels as an event (a receipt code is a secret of its
holder), so the page asks complaint-intake's public receipt lookup over HTTP: the one
synchronous call between services in the suite, for a page that works without
JavaScript. The client's address goes along in ``X-Forwarded-For`` (believed only where
complaint-intake trusts this service as a proxy)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import httpx
from pydantic import BaseModel, Field, ValidationError

from services.public_notice.bootstrap import PublicNoticeContext
from services.public_notice.domain import words
from shared.errors import DomainProblem, NotFound

TIMEOUT_SECONDS = 5.0
_SEPARATORS = frozenset(" -\u00a0\u3000")


class ReplyOut(BaseModel):
    at: datetime
    text: str


class ReceiptOut(BaseModel):
    """What a receipt code shows: the handling, never the reporter."""

    receipt_code: str
    kind_name: str = Field(examples=["投诉"])
    category_name: str = Field(examples=["食品安全"])
    status_name: str = Field(examples=["调查处理中"])
    outcome_name: str | None = Field(default=None, examples=["反映问题属实"])
    received_on: date
    department_name: str = Field(examples=["青岛市市场监督管理局"])
    replies: list[ReplyOut]


class _Remote(BaseModel):  # complaint-intake's ReceiptView, the fields shown here
    receipt_code: str
    kind: str
    category: str
    status: str
    outcome: str | None = None
    received_on: date
    department: str
    replies: list[ReplyOut] = []


class IntakeUnavailable(DomainProblem):
    def __init__(self, why: str) -> None:
        super().__init__(503, "Receipt lookup unavailable", f"complaint-intake did not "
                         f"answer ({why}); try again in a few minutes", "intake-unavailable")


class TooManyLookups(DomainProblem):
    def __init__(self, retry_after: str) -> None:
        super().__init__(429, "Too many lookups", "complaint-intake refused more receipt "
                         f"lookups from your address; try again in {retry_after} seconds",
                         "too-many-lookups", headers={"Retry-After": retry_after})


def normalised(code: str) -> str | None:
    """What a person typed as a 16-digit code (full-width digits, spaces and dashes
    allowed), or None when it cannot be one."""
    folded = "".join(c for c in unicodedata.normalize("NFKC", code) if c not in _SEPARATORS)
    return folded if len(folded) == 16 and folded.isascii() and folded.isdigit() else None


async def receipt(ctx: PublicNoticeContext, code: str, client: str) -> ReceiptOut:
    """The receipt ``code`` as complaint-intake answers it, in words."""
    plain = normalised(code)
    if plain is None:
        raise NotFound("receipt", code[:40], "a receipt code has 16 digits")
    url = f"{ctx.settings.complaint_intake_url.rstrip('/')}/v1/receipts/{plain}"
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
            answer = await http.get(url, headers={"X-Forwarded-For": client,
                                                  "Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise IntakeUnavailable(type(exc).__name__) from exc
    if answer.status_code == 404:
        raise NotFound("receipt", plain, "check the 16 digits on your receipt")
    if answer.status_code == 429:
        raise TooManyLookups(answer.headers.get("Retry-After", "60"))
    if answer.status_code != 200:
        raise IntakeUnavailable(f"status {answer.status_code}")
    try:
        remote = _Remote.model_validate(answer.json())
    except (ValueError, ValidationError) as exc:
        raise IntakeUnavailable("an answer this page cannot read") from exc
    return ReceiptOut(
        receipt_code=remote.receipt_code,
        kind_name=words.word(words.COMPLAINT_KIND, remote.kind),
        category_name=ctx.names.category(remote.category),
        status_name=words.word(words.COMPLAINT_STATUS, remote.status),
        outcome_name=words.COMPLAINT_OUTCOME.get(remote.outcome) if remote.outcome else None,
        received_on=remote.received_on,
        department_name=ctx.names.department(remote.department), replies=remote.replies)
