"""Typed dependencies of credit-rating's routes: the credit rules, the person hash key,
the path USCC, the actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from services.credit_rating.domain.rules import CreditRules
from shared.auth import Caller
from shared.uscc import USCC


async def credit_rules(request: Request) -> CreditRules:
    """The rule set loaded when the app was built (``app.state.credit_rules``)."""
    return request.app.state.credit_rules


async def person_hash_key(request: Request) -> bytes:
    """The key of the legal representative's hash in events (``app.state.person_hash_key``)."""
    return request.app.state.person_hash_key


CreditRulesDep = Annotated[CreditRules, Depends(credit_rules)]
PersonKeyDep = Annotated[bytes, Depends(person_hash_key)]
UsccPath = Annotated[USCC, Path(description="统一社会信用代码 (GB 32100-2015)")]


def actor(caller: Caller) -> str:
    """How the audit log names a departmental caller."""
    return f"{caller.dept}/{caller.client_id}"[:200]
