"""Who may do what (权限): the roles of the suite, the role a write needs, and ownership.

Every write route names the role it needs with :func:`requires`; a token without it
gets a 403 naming the role. Ownership (谁主管谁负责) is checked in the handler against the
caller's department with :func:`ensure_owner`, never taken from the request body.

A market entity acting for itself holds its own token (role ``entity``, bound to its
USCC, department ``shared.tokens.ENTITY_DEPT``, which owns nothing): a route that lets
it in says so, and the handler checks with :func:`ensure_acts_for` that it acts for its
own USCC only.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends

from shared.auth import Caller, CallerDep
from shared.errors import DomainProblem, MissingRole, NotYourDepartment
from shared.tokens import ENTITY_ROLE

ACTOR_LIMIT = 200  # the width of the audit log's actor column


class Role(StrEnum):
    """The roles a departmental token may carry (claim ``roles``)."""

    OFFICER = "officer"  # 执法人员: records, inspections, handling of complaints and cases
    REGISTRAR = "registrar"  # 登记机关: registers market entities, imports the registry
    REVIEWER = "reviewer"  # 法制审核 / 复核: approvals, legal review, redraw review, filing
    HEAD = "head"  # 机关负责人: decisions the head of the agency signs (行刑衔接)
    WHISTLEBLOWER_OFFICER = "whistleblower_officer"  # reads a reporter's sealed identity
    HOTLINE = "hotline"  # 12345/12315 hotlines and platforms relaying filings
    OPERATOR = "operator"  # 运维: sweeps, replays, audit checkpoints
    ENTITY = ENTITY_ROLE  # 市场主体: a market entity acting for itself (token bound to its USCC)


ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.OFFICER: "执法人员: enters records and results, handles complaints and cases",
    Role.REGISTRAR: "登记机关: registers market entities and their responsible persons",
    Role.REVIEWER: "法制审核/复核: approves, reviews and files what officers prepared",
    Role.HEAD: "机关负责人: signs the decisions reserved to the head of the agency",
    Role.WHISTLEBLOWER_OFFICER: "reads a reporter's sealed identity, every read audited",
    Role.HOTLINE: "a hotline or platform relaying filings it received",
    Role.OPERATOR: "runs the suite's sweeps and maintenance operations",
    Role.ENTITY: "市场主体: a market entity acting for itself, bound to its USCC (only "
                 "where a service says so)",
}

REQUIRED_ROLE_ATTRIBUTE = "__required_role__"  # read by the OpenAPI documentation


def requires(role: Role) -> Any:
    """``caller: Annotated[Caller, requires(Role.OFFICER)]``: the caller if its token
    carries ``role``, else a 403 naming it. The OpenAPI operation says which role."""

    async def caller_with_role(caller: CallerDep) -> Caller:
        if role not in caller.roles:
            raise MissingRole(role, caller.dept)
        return caller

    setattr(caller_with_role, REQUIRED_ROLE_ATTRIBUTE, str(role))
    caller_with_role.__name__ = f"requires_{role}"
    return Depends(caller_with_role)


Officer = Annotated[Caller, requires(Role.OFFICER)]
Registrar = Annotated[Caller, requires(Role.REGISTRAR)]
Reviewer = Annotated[Caller, requires(Role.REVIEWER)]
Head = Annotated[Caller, requires(Role.HEAD)]
WhistleblowerOfficer = Annotated[Caller, requires(Role.WHISTLEBLOWER_OFFICER)]
Hotline = Annotated[Caller, requires(Role.HOTLINE)]
Operator = Annotated[Caller, requires(Role.OPERATOR)]


def actor_of(caller: Caller) -> str:
    """How the audit log names a caller: ``SCJG/scjg-system-01``, an entity
    ``ENTITY/entity-<uscc>``."""
    return f"{caller.dept}/{caller.client_id}"[:ACTOR_LIMIT]


def ensure_owner(caller: Caller, owner: str, what: str, hint: str = "") -> None:
    """403 unless the caller's department is ``owner`` (the department that owns ``what``)."""
    if caller.dept != owner:
        raise NotYourDepartment(caller.dept, owner, what, hint)


def ensure_role(caller: Caller, role: Role, operation: str = "this operation") -> None:
    """403 naming ``role`` unless the caller holds it (for a rule that depends on data)."""
    if role not in caller.roles:
        raise MissingRole(role, caller.dept, operation)


class NotYourEntity(DomainProblem):
    """A market entity's token acting for another entity (403)."""

    def __init__(self, uscc: str, other: str, what: str) -> None:
        super().__init__(403, "Not your entity",
                         f"{what} belongs to entity {other}; the token of entity {uscc} acts "
                         "for that entity only", "not-your-entity", uscc=uscc)


def ensure_acts_for(caller: Caller, uscc: str, what: str) -> None:
    """403 when a market entity's token acts on what belongs to another entity
    (``uscc``); a department's token passes (its rules are its department's)."""
    if caller.uscc is not None and caller.uscc != uscc:
        raise NotYourEntity(caller.uscc, uscc, what)
