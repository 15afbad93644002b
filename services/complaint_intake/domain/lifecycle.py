"""The handling of a complaint (办理流程): states, the steps allowed from each, and the
deadlines that can pass in each.

``received`` → ``accepted`` (受理, a complaint) or ``investigating`` (立案核查, a report
or an accepted complaint) or ``refused`` (不予受理 / 不予立案, with a reason) → ``closed``
with an outcome. A duplicate is ``linked`` to the first complaint and has no task. Only a
``received`` item can be passed on to another department (误派转办). A suggestion has no
legal deadline and can be closed at once.

An item whose category no department answers for is never refused (一号响应): it waits
in ``triage`` with the 12345 hotline office, whose only step is to ``assign`` it to a
department, where it is ``received``. Its deadlines run meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.complaint_intake.domain.deadlines import overdue
from services.complaint_intake.domain.rule_models import ComplaintKind


class Status(StrEnum):
    TRIAGE = "triage"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    INVESTIGATING = "investigating"
    REFUSED = "refused"
    CLOSED = "closed"
    LINKED = "linked"


class Outcome(StrEnum):
    """办结结果: 属实, 不属实, 恶意举报 (CP-5), 撤回."""

    SUBSTANTIATED = "substantiated"
    NOT_SUBSTANTIATED = "not_substantiated"
    MALICIOUS = "malicious"
    WITHDRAWN = "withdrawn"


class Step(StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    INVESTIGATE = "investigate"
    CLOSE = "close"
    PASS_ON = "pass_on"
    EXTEND = "extend"
    ASSIGN = "assign"
    EXTEND_DECISION = "extend_decision"


class Channel(StrEnum):
    """Where a complaint came in (受理渠道, CP-1)."""

    PUBLIC = "public"
    HOTLINE_12345 = "12345"
    HOTLINE_12315 = "12315"
    INTERNET_PLUS = "internet_plus"
    APP = "app"
    MAILBOX = "mailbox"
    LETTER = "letter"


OPEN = frozenset({Status.TRIAGE, Status.RECEIVED, Status.ACCEPTED, Status.INVESTIGATING})
WAITING = frozenset({Status.TRIAGE, Status.RECEIVED})  # accept / 立案 deadlines running
_ALLOWED: dict[Step, frozenset[Status]] = {
    Step.ACCEPT: frozenset({Status.RECEIVED}),
    Step.REFUSE: frozenset({Status.RECEIVED}),
    Step.INVESTIGATE: frozenset({Status.RECEIVED, Status.ACCEPTED}),
    Step.CLOSE: OPEN,
    Step.PASS_ON: frozenset({Status.RECEIVED}),
    Step.EXTEND: frozenset({Status.RECEIVED}),
    Step.ASSIGN: frozenset({Status.TRIAGE}),
    Step.EXTEND_DECISION: frozenset({Status.INVESTIGATING}),
}
_KINDS: dict[Step, frozenset[ComplaintKind]] = {
    Step.ACCEPT: frozenset({ComplaintKind.COMPLAINT}),
    Step.EXTEND: frozenset({ComplaintKind.REPORT}),
    Step.EXTEND_DECISION: frozenset({ComplaintKind.REPORT}),
}


def refusal(step: Step, status: Status, kind: ComplaintKind) -> str | None:
    """Why ``step`` is not allowed on a ``kind`` in ``status``, or ``None`` if it is."""
    if status == Status.LINKED:
        return "this is a duplicate linked to an earlier complaint; act on that one"
    if status == Status.TRIAGE and step != Step.ASSIGN:
        return ("this waits in the 12345 triage queue (一号响应): the hotline office assigns "
                "it to a department first")
    allowed = _ALLOWED[step]
    if status not in allowed:
        return (f"a {kind.value} that is {status.value} cannot be {step.value}ed; allowed "
                f"from: {', '.join(sorted(s.value for s in allowed))}")
    kinds = _KINDS.get(step)
    if kinds is not None and kind not in kinds:
        return (f"{step.value} applies to a {', '.join(sorted(k.value for k in kinds))}, "
                f"not a {kind.value}")
    return None


@dataclass(frozen=True)
class DeadlineState:
    """What the overdue check reads of a complaint."""

    status: Status
    accept_by: date | None
    decide_case_due: date | None
    mediation_ends: date | None
    case_decision_due: date | None = None


def pending_deadline(state: DeadlineState) -> tuple[str, date] | None:
    """The deadline running now (name, last day in time), or ``None``.

    While ``received`` (or in triage): accepting a complaint, or deciding whether to open
    a report's case; once a report's case is opened: deciding the case; while an accepted
    complaint is being mediated: the mediation's end.
    """
    if state.status in WAITING:
        if state.accept_by is not None:
            return ("accept", state.accept_by)
        if state.decide_case_due is not None:
            return ("decide_case", state.decide_case_due)
    if state.status == Status.INVESTIGATING and state.case_decision_due:
        return ("case_decision", state.case_decision_due)
    if state.status in (Status.ACCEPTED, Status.INVESTIGATING) and state.mediation_ends:
        return ("mediation", state.mediation_ends)
    return None


def passed_deadline(state: DeadlineState, today: date) -> tuple[str, date] | None:
    """The running deadline if it has passed on ``today`` (逾期), else ``None``."""
    pending = pending_deadline(state)
    if pending is not None and overdue(pending[1], today):
        return pending
    return None
