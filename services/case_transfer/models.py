"""Tables of case-transfer (案件移送): cases and clues, who may see them, the full-process
record, transfers, 行刑衔接, legal reviews, decisions, joint actions, assistance
requests, 督办 instructions and the deadlines the overdue sweep watches.

A suspect is stored as a keyed hash of the ID number and a masked name, never in clear.
The platform tables (outbox, inbox, audit log) live in ``shared.platform_tables``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import new_metadata
from shared.platform_tables import AutoId
from shared.utc_datetime import UTCDateTime

Id = String(36)
Dept = String(32)
CASE_FK = "cases.id"


class Base(DeclarativeBase):
    metadata = new_metadata()


class Case(Base):
    """A case (案件) or a clue (线索) and where it stands; ``department`` handles it now,
    ``opened_by`` opened it. ``criminal_state`` mirrors its latest 行刑衔接 attempt.
    ``version``: how many events of its status were announced (each carries it, raised by
    ``shared.versions.next_version``): opened, transferred, accepted, returned, delivered
    to and decided by the police, concluded. ``case.overdue.v1`` and ``case.supervised.v1``
    are signals about a deadline or an instruction, not the case's status: they carry none."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_department_stage", "department", "stage"),
                      Index("ix_cases_opened_by_opened_on", "opened_by", "opened_on"),
                      Index("ix_cases_criminal_state", "criminal_state"),
                      Index("ix_cases_source_ref", "source_ref", "source"))

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(Dept)
    opened_by: Mapped[str] = mapped_column(Dept)
    party: Mapped[str] = mapped_column(String(8))
    uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    person_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    person_name: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    facts: Mapped[str] = mapped_column(Text)
    violation_code: Mapped[str | None] = mapped_column(String(32))
    severity: Mapped[str | None] = mapped_column(String(8))
    suspected_crime: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(16))
    source_ref: Mapped[str | None] = mapped_column(String(64))
    source_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    investigators: Mapped[list[str]] = mapped_column(JSON)
    pending_transfer_id: Mapped[str | None] = mapped_column(Id)
    criminal_state: Mapped[str | None] = mapped_column(String(24))
    outcome: Mapped[str | None] = mapped_column(String(24))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_on: Mapped[date] = mapped_column(Date)
    registered_on: Mapped[date | None] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# A department's case list, newest first (``opened_at DESC, id``), walks these in order
Index("ix_cases_department_opened_at", Case.department, Case.opened_at.desc(), Case.id)
Index("ix_cases_opened_by_opened_at", Case.opened_by, Case.opened_at.desc(), Case.id)
# … and the procuratorate's, every case with a 行刑衔接 state (``queries.cases.IN_CRIMINAL``)
Index("ix_cases_criminal_opened_at", Case.opened_at.desc(), Case.id,
      sqlite_where=text("criminal_state > ''"), postgresql_where=text("criminal_state > ''"))


class CaseAccess(Base):
    """A department a case was shared with (联合执法, 协查, the police, a supervisor) and
    why: it may see it. A receiver of a transfer sees the case by its ``Transfer`` row."""

    __tablename__ = "case_access"

    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), primary_key=True)
    department: Mapped[str] = mapped_column(Dept, primary_key=True, index=True)
    reason: Mapped[str] = mapped_column(String(16))
    since: Mapped[datetime] = mapped_column(UTCDateTime())


class CaseStep(Base):
    """One step of the full-process record (执法全过程记录): who did what, when."""

    __tablename__ = "case_steps"
    __table_args__ = (Index("ix_case_steps_case_id_id", "case_id", "id"),
                      Index("ix_case_steps_department_at", "department", "at"))

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK))
    step: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    department: Mapped[str] = mapped_column(Dept)
    actor: Mapped[str] = mapped_column(String(200))
    officers: Mapped[list[str] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class Transfer(Base):
    """移送 of a case or clue to another department or region, accepted or returned."""

    __tablename__ = "transfers"
    __table_args__ = (Index("ix_transfers_to_department_status", "to_department", "status"),
                      Index("ix_transfers_from_department_sent_at", "from_department",
                            "sent_at"),
                      Index("ix_transfers_to_department_answered_at", "to_department",
                            "answered_at"))

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), index=True)
    from_department: Mapped[str] = mapped_column(Dept)
    to_department: Mapped[str] = mapped_column(Dept)
    cross_region: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_reason: Mapped[str | None] = mapped_column(Text)


class CriminalTransfer(Base):
    """One 行刑衔接 attempt: proposal → head → delivery to the police → their decision →
    reconsideration (国务院令第310号)."""

    __tablename__ = "criminal_transfers"
    __table_args__ = (Index("ix_criminal_transfers_department_delivered_at", "department",
                            "delivered_at"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), index=True)
    department: Mapped[str] = mapped_column(Dept)
    state: Mapped[str] = mapped_column(String(24))
    police_department: Mapped[str] = mapped_column(Dept)
    officers: Mapped[list[str]] = mapped_column(JSON)
    grounds: Mapped[str] = mapped_column(Text)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    head_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    head_reason: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    police_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    police_reason: Mapped[str | None] = mapped_column(Text)
    reconsideration_due_on: Mapped[date | None] = mapped_column(Date)
    reconsideration_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reconsideration_reason: Mapped[str | None] = mapped_column(Text)
    reconsideration_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reconsideration_answer: Mapped[str | None] = mapped_column(Text)


class LegalReview(Base):
    """法制审核 of a proposed decision by a reviewer of the same agency."""

    __tablename__ = "legal_reviews"
    __table_args__ = (Index("ix_legal_reviews_department_reviewed_at", "department",
                            "reviewed_at"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), index=True)
    department: Mapped[str] = mapped_column(Dept)
    proposal: Mapped[dict[str, Any]] = mapped_column(JSON)
    major: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(12))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(Date)
    reviewer: Mapped[str | None] = mapped_column(String(40))
    opinion: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by: Mapped[str | None] = mapped_column(String(200))


class Decision(Base):
    """决定 of a case, with the benchmark it applied and the review it rests on."""

    __tablename__ = "decisions"

    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    violation_code: Mapped[str | None] = mapped_column(String(32))
    circumstance: Mapped[str | None] = mapped_column(String(12))
    measures: Mapped[list[str]] = mapped_column(JSON)
    fine_yuan: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    goods_value_yuan: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    legal_basis: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    benchmark: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    major: Mapped[bool] = mapped_column(Boolean)
    review_id: Mapped[str | None] = mapped_column(Id)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_on: Mapped[date] = mapped_column(Date)
    signed_by: Mapped[str] = mapped_column(String(200))


class JointAction(Base):
    """联合执法: a lead department invites others to act on a case together."""

    __tablename__ = "joint_actions"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), index=True)
    lead_department: Mapped[str] = mapped_column(Dept)
    purpose: Mapped[str] = mapped_column(Text)
    planned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class JointParticipant(Base):
    """An invited department and its answer (join or decline)."""

    __tablename__ = "joint_participants"

    action_id: Mapped[str] = mapped_column(ForeignKey("joint_actions.id"), primary_key=True)
    department: Mapped[str] = mapped_column(Dept, primary_key=True)
    status: Mapped[str] = mapped_column(String(12))
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AssistanceRequest(Base):
    """协查: a question to another department or region, answered by a deadline."""

    __tablename__ = "assistance_requests"
    __table_args__ = (Index("ix_assistance_requests_to_department_status", "to_department",
                            "status"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), index=True)
    from_department: Mapped[str] = mapped_column(Dept)
    to_department: Mapped[str] = mapped_column(Dept)
    request: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Supervision(Base):
    """督办 instruction (or JCY's 立案监督) with its own deadline, and its answer."""

    __tablename__ = "supervisions"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), index=True)
    supervisor: Mapped[str] = mapped_column(Dept)
    target_department: Mapped[str] = mapped_column(Dept)
    kind: Mapped[str] = mapped_column(String(20))
    instruction: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


_UNESCALATED = "met_at IS NULL AND escalated_at IS NULL"


class CaseDeadline(Base):
    """A step someone owes by a deadline (督办事项). ``due_at`` is the moment it becomes
    overdue; the sweep escalates an unmet one once (``escalated_at``) to ``supervisor``."""

    __tablename__ = "case_deadlines"
    __table_args__ = (
        Index("ix_case_deadlines_unescalated", "due_at", sqlite_where=text(_UNESCALATED),
              postgresql_where=text(_UNESCALATED)),
        Index("ix_case_deadlines_department_due_at", "department", "due_at"),
        Index("ix_case_deadlines_supervisor_due_at", "supervisor", "due_at"),
    )

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey(CASE_FK), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[str] = mapped_column(Id, index=True)
    department: Mapped[str] = mapped_column(Dept)
    supervisor: Mapped[str] = mapped_column(Dept)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(Date)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
