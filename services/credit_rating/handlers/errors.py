"""What is particular to credit-rating among the problems it answers; the common ones
(``NotFound``, ``NotYourDepartment``, ``WrongState``, ``Conflict``, ``Unusable``) come from
``shared.errors``."""

from __future__ import annotations

from datetime import date

from shared.errors import DomainProblem, NotFound, Unusable


class EntityNotFound(NotFound):
    """No market entity (市场主体) with this USCC in the registry (404)."""

    def __init__(self, uscc: str) -> None:  # the platform's 404, in the registry's words
        DomainProblem.__init__(self, 404, "Entity not registered",
                               f"no market entity {uscc} is in the registry; register it "
                               "with POST /v1/entities (or the bulk import) first",
                               "entity-not-found", id=uscc, uscc=uscc)


class RepairTooEarly(DomainProblem):
    """信用修复 asked before the minimum publicity period has run (CR-9)."""

    def __init__(self, record_id: str, earliest: date, reason: str) -> None:
        super().__init__(409, "Repair asked too early",
                         f"record {record_id}: {reason}", "repair-too-early",
                         earliest=earliest.isoformat(), record_id=record_id)


def not_after_today(day: date, today: date, field: str) -> None:
    """A decision is entered once it has been made: ``day`` after ``today`` (China's day,
    from the service clock) is a 422 naming ``field`` (``body.decided_on``)."""
    if day > today:
        unusable(field, f"{day.isoformat()} is after today ({today.isoformat()} in China): "
                 "enter it once it has been decided")


def unusable(field: str, message: str) -> None:
    """A 422 naming ``field``, shaped as the edge's validation problems are."""
    raise Unusable(field, message, "validation",
                   errors=[{"field": field, "message": message}])
