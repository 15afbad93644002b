"""The errors every service raises (常见错误), each an RFC 9457 problem that says what to
change. The app factory maps them to ``application/problem+json`` responses.

A service adds its own problems only for what is particular to its domain (a repair asked
too early, a draw short of inspectors); the common cases are these five.
"""

from __future__ import annotations

from typing import Any


class DomainProblem(Exception):
    """A request the domain refuses (e.g. 409: the case was already transferred).

    ``raise DomainProblem(409, "Case already transferred", "case 42 went to SCJG on …; "
    "withdraw that transfer first", "case-already-transferred", case_id=42)``
    """

    def __init__(self, status: int, title: str, detail: str, type_suffix: str, *,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.type_suffix, self.extra, self.headers = type_suffix, extra, headers


class NotFound(DomainProblem):
    """No such thing here (404): ``NotFound("plan", plan_id, "list plans with GET /v1/plans")``."""

    def __init__(self, what: str, identifier: str, hint: str = "", **extra: Any) -> None:
        slug = what.replace(" ", "-")
        super().__init__(404, f"{what[:1].upper()}{what[1:]} not found",
                         f"no {what} {identifier} is known here" + (f"; {hint}" if hint else ""),
                         f"{slug}-not-found", id=identifier, **extra)


class NotYourDepartment(DomainProblem):
    """A department acting on what another department owns (403, 谁主管谁负责)."""

    def __init__(self, caller: str, owner: str, what: str, hint: str = "") -> None:
        detail = f"{what} belongs to department {owner}; department {caller} may not change it"
        super().__init__(403, "Not your department", detail + (f"; {hint}" if hint else ""),
                         "not-your-department", department=owner)


class MissingRole(DomainProblem):
    """A token without the role an operation needs (403); names the role."""

    def __init__(self, role: str, department: str, operation: str = "this operation") -> None:
        super().__init__(403, "Role missing",
                         f"{operation} needs the role '{role}', which the token of department "
                         f"{department} does not carry; request a token with that role",
                         "role-missing", role=role,
                         headers={"WWW-Authenticate": 'Bearer realm="jianguan", '
                                  'error="insufficient_scope"'})


class WrongState(DomainProblem):
    """A step its subject's state does not allow (409): publishing a plan not yet filed."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(409, "Not possible in this state", detail, "wrong-state", **extra)


class Conflict(DomainProblem):
    """A request that clashes with what exists (409), with its own title and type."""

    def __init__(self, title: str, detail: str, type_suffix: str, **extra: Any) -> None:
        super().__init__(409, title, detail, type_suffix, **extra)


class Unusable(DomainProblem):
    """Input that parses but cannot be used (422); names the field."""

    def __init__(self, field: str, detail: str, type_suffix: str = "unusable-input",
                 **extra: Any) -> None:
        extra.setdefault("errors", [{"field": field, "message": detail}])
        super().__init__(422, "Unusable input", f"{field}: {detail}", type_suffix,
                         field=field, **extra)
