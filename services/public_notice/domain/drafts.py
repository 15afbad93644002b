"""Drafts of notices (公示草稿) from the other services' events: what each event says in
public, before screening and masking. Pure: event in, draft out (or None when the rules
say the event is not published)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.public_notice.domain.names import Names
from services.public_notice.domain.periods import PenaltyFacts
from services.public_notice.domain.rules import NoticeRules
from services.public_notice.domain.words import COMMITMENT_KIND, PENALTY_KIND, yuan
from shared.contracts.case import CaseConcluded, CaseDecision
from shared.contracts.complaint import ComplaintSubstantiated
from shared.contracts.credit import RecordAdded
from shared.contracts.credit_commitments import CommitmentRegistered
from shared.contracts.credit_lists import AbnormalListingChanged
from shared.contracts.inspection import DrawCompleted, InspectionResultRecorded, PlanPublished

PENALTY = "administrative_penalty"
COUNTING = ("active", "under_objection")  # record statuses that are findings in force


@dataclass(frozen=True)
class Draft:
    """A notice as an event describes it; ``summary`` is free text (masked later), the
    structured fields (kind of penalty, fine, severity …) are shown by the pages."""

    kind: str
    source_event_id: str
    department: str
    decided_on: date
    title: str
    summary: str = ""
    uscc: str | None = None
    decision_basis: str | None = None
    severity: str | None = None
    penalty: PenaltyFacts | None = None
    record_id: str | None = None
    reference: str | None = None  # the case, complaint, plan, draw, result, listing …
    valid_until: date | None = None
    details: dict[str, Any] = field(default_factory=dict)
    held: bool = False  # a draw list: shown only once its inspection window opens
    selections: tuple[str, ...] = ()


def penalty_title(penalty_kind: str | None, fine: object | None) -> str:
    """行政处罚决定：罚款 20,000 元 (as much as is known)."""
    parts = [PENALTY_KIND[penalty_kind]] if penalty_kind in PENALTY_KIND \
        and penalty_kind != "fine" else []
    if fine is not None:
        parts.append("罚款 " + yuan(fine))
    return "行政处罚决定" + ("：" + "，".join(parts) if parts else "")


def from_record(event: RecordAdded, event_id: str, rules: NoticeRules) -> Draft | None:
    """A credit record, as the rules map its kind (a penalty, a reward, a broken
    commitment, a substantiated complaint); exempted records are no findings."""
    kind = rules.record_kinds.get(event.kind)
    if kind is None or event.status not in COUNTING:
        return None
    penalty = PenaltyFacts(event.uscc, event.department, event.severity, event.decided_on,
                           event.penalty_kind, event.fine_yuan, event.ban_until) \
        if kind == PENALTY else None
    title = penalty_title(event.penalty_kind, event.fine_yuan) if kind == PENALTY \
        else rules.name_of(kind)
    return Draft(kind=kind, source_event_id=event_id, department=event.department,
                 decided_on=event.decided_on, title=title, uscc=event.uscc,
                 severity=event.severity, penalty=penalty, record_id=event.record_id)


def from_case(event: CaseConcluded, event_id: str) -> Draft | None:
    """结案 with a penalty: the decision, its articles and its fine."""
    if event.decision is not CaseDecision.PENALTY:
        return None
    return Draft(kind=PENALTY, source_event_id=event_id, department=event.department,
                 decided_on=event.decided_on, title=penalty_title(None, event.fine_yuan),
                 uscc=event.uscc,
                 decision_basis=event.legal_basis, severity=event.severity,
                 penalty=PenaltyFacts(event.uscc, event.department, event.severity,
                                      event.decided_on, None, event.fine_yuan),
                 reference=event.case_id)


def from_complaint(event: ComplaintSubstantiated, event_id: str, rules: NoticeRules,
                   names: Names) -> Draft | None:
    """投诉举报查实, when its severity is published (CP-3); never who complained."""
    if event.severity not in rules.file.complaints.severities:
        return None
    category = names.category(event.category)
    return Draft(kind="substantiated_complaint", source_event_id=event_id,
                 department=event.handling_department, decided_on=event.substantiated_on,
                 title=f"投诉举报查实：{category}", uscc=event.uscc, severity=event.severity,
                 summary=f"经调查核实，投诉举报反映的{category}问题属实。",
                 reference=event.complaint_id)


def from_result(event: InspectionResultRecorded, event_id: str, names: Names) -> Draft:
    """抽查检查结果 of one matter (IN-7), whether or not it found a problem."""
    matter = names.matter(event.matter)
    return Draft(kind="inspection_result", source_event_id=event_id,
                 department=event.department, decided_on=event.recorded_on,
                 title=f"抽查检查结果：{event.result_category.chinese}", uscc=event.uscc,
                 summary=f"抽查事项：{matter.name}。检查结果：{event.result_category.chinese}。",
                 decision_basis=matter.legal_basis or None, severity=event.severity,
                 reference=event.result_id,
                 details={"matter": event.matter, "result": event.result_category.value})


def from_plan(event: PlanPublished, event_id: str, names: Names, today: date) -> Draft:
    """抽查计划 (IN-8): its departments, its filing and how many tasks it has."""
    joint = "、".join(names.department(code) for code in event.departments)
    return Draft(kind="inspection_plan", source_event_id=event_id, department=event.department,
                 decided_on=today, title=event.title,
                 summary=f"{event.year} 年度抽查计划，共 {len(event.task_ids)} 项抽查任务；"
                         f"参与部门：{joint}；已报{names.department(event.filed_with)}备案。",
                 reference=event.plan_id,
                 details={"year": event.year, "departments": list(event.departments)})


def from_draw(event: DrawCompleted, event_id: str, department: str,
              departments: list[str], drawn_on: date) -> Draft:
    """抽查名单 of a draw, held until its inspection window opens (no tip-offs)."""
    details = {"task_id": event.task_id, "plan_id": event.plan_id,
               "selected_count": event.selected_count, "departments": departments,
               "proof": event.proof, "commitment_hash": event.commitment_hash,
               "complete": event.selected_complete,
               "strata": [stratum.model_dump() for stratum in event.strata],
               "replaces": event.replaces}
    return Draft(kind="draw_list", source_event_id=event_id, department=department,
                 decided_on=drawn_on, title=f"双随机抽查名单（抽取 {event.selected_count} 户）",
                 summary="名单由随机抽取产生，抽取过程可凭公开的抽取证明复核。",
                 reference=event.draw_id, details=details, held=True,
                 selections=tuple(sorted(set(event.selected))))


def from_abnormal(event: AbnormalListingChanged, event_id: str) -> Draft:
    """列入经营异常名录, with its reason (masked)."""
    return Draft(kind="abnormal_list", source_event_id=event_id, department=event.department,
                 decided_on=event.listed_on, title="列入经营异常名录", uscc=event.uscc,
                 summary=f"列入事由：{event.reason}", reference=event.listing_id)


def from_commitment(event: CommitmentRegistered, event_id: str, names: Names) -> Draft:
    """信用承诺 (CR-4, PN-3): made to be public; its text is masked like any other."""
    kind = COMMITMENT_KIND.get(event.kind, "信用承诺")
    matter = f"承诺事项：{names.matter(event.matter).name}。" if event.matter else ""
    return Draft(kind="commitment", source_event_id=event_id, department=event.department,
                 decided_on=event.made_on, title=f"信用承诺（{kind}）", uscc=event.uscc,
                 summary=f"{matter}承诺内容：{event.content}", reference=event.commitment_id,
                 valid_until=event.valid_until,
                 details={"decision_ref": event.decision_ref, "commitment_kind": event.kind})


def from_blacklisting(uscc: str, reason: str, department: str, listed_on: date,
                      event_id: str) -> Draft:
    """列入严重失信主体名单 (CR-5), by the department behind its serious records."""
    return Draft(kind="blacklist", source_event_id=event_id, department=department,
                 decided_on=listed_on, title="列入严重失信主体名单", uscc=uscc,
                 summary=f"列入事由：{reason}")
