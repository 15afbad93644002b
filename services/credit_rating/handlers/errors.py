"""What a caller or a producer can get wrong, as problems that say what to change."""

from __future__ import annotations

from datetime import date

from shared.web import DomainProblem


class EntityNotFound(DomainProblem):
    """No market entity (市场主体) with this USCC in the registry."""

    def __init__(self, uscc: str) -> None:
        super().__init__(404, "Entity not registered",
                         f"no market entity {uscc} is in the registry; register it with "
                         "POST /v1/entities (or the bulk import) first", "entity-not-found",
                         uscc=uscc)


class NotYourDepartment(DomainProblem):
    """A department acting for another one (谁认定谁负责)."""

    def __init__(self, caller: str, named: str) -> None:
        super().__init__(403, "Not your department",
                         f"department {caller} may only enter records it decided itself; "
                         f"this one names {named}", "not-your-department",
                         department=named)


class NotFound(DomainProblem):
    """No commitment, record, repair application or objection with this id."""

    def __init__(self, what: str, identifier: str, hint: str) -> None:
        super().__init__(404, f"{what.capitalize()} not found",
                         f"no {what} {identifier} is known here; {hint}",
                         f"{what.replace(' ', '-')}-not-found", id=identifier)


class NotDecidingDepartment(DomainProblem):
    """A department deciding what another department found (谁认定谁修复)."""

    def __init__(self, caller: str, owner: str, what: str) -> None:
        super().__init__(403, "Not your department",
                         f"department {caller} may not decide this {what}: only {owner}, "
                         f"which made the finding, decides it (谁认定谁修复); forward it "
                         f"to {owner}", "not-your-department", department=owner)


class StateConflict(DomainProblem):
    """A step the current state does not allow (already decided, not repairable …)."""

    def __init__(self, title: str, detail: str, type_suffix: str, **extra: object) -> None:
        super().__init__(409, title, detail, type_suffix, **extra)


class RepairTooEarly(DomainProblem):
    """信用修复 asked before the minimum publicity period has run (CR-9)."""

    def __init__(self, record_id: str, earliest: date, reason: str) -> None:
        super().__init__(409, "Repair asked too early",
                         f"record {record_id}: {reason}", "repair-too-early",
                         earliest=earliest.isoformat(), record_id=record_id)
