"""Tables of inspection-draw (双随机抽查): 四库一细则 (matters, inspectors, objects), plans,
tasks, commitments, draws, visits, exclusions and results.

The platform tables (outbox, inbox, audit log) live in ``shared.platform_tables``.
``inspection_objects`` is a mirror of credit-rating's registry and grades; on SQLite it is a
``WITHOUT ROWID`` table so a snapshot reads it in USCC order without a second lookup.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import new_metadata
from shared.utc_datetime import UTCDateTime


class Base(DeclarativeBase):
    metadata = new_metadata()


class MatterEntry(Base):
    """A matter of the 随机抽查事项清单 changed or added through the API (the rest come from
    ``deploy/reference/matters.yaml``)."""

    __tablename__ = "matters"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(64))
    legal_basis: Mapped[str] = mapped_column(String(300))
    key_area: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InspectorRow(Base):
    """执法检查人员名录库: one inspector (no name: the id and certificate identify them)."""

    __tablename__ = "inspectors"

    inspector_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    department: Mapped[str] = mapped_column(String(32))
    certificate: Mapped[str | None] = mapped_column(String(40))
    matters: Mapped[list[str]] = mapped_column(JSON)
    region: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConflictRow(Base):
    """A declared conflict of interest (利害关系) of an inspector with an object (IN-9)."""

    __tablename__ = "inspector_conflicts"

    inspector_id: Mapped[str] = mapped_column(ForeignKey("inspectors.inspector_id"),
                                              primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    reason: Mapped[str] = mapped_column(String(300))
    salt: Mapped[str | None] = mapped_column(String(32))
    """The secret salt of the declaration's public hash (``commitment.declaration_hash``)."""
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InspectionObject(Base):
    """检查对象名录库: an entity as credit-rating announced it. ``line`` is the canonical
    roster line without its last field (inspected this year), ``stratum`` its stratum label,
    ``uscc_key`` its BLAKE2b key as a signed 64-bit integer. ``registered`` is false while
    only a grade or blacklist event has arrived (no region yet): not drawn until it is.
    ``registry_version``, ``grade_version`` and ``blacklist_version``: the version of the
    registry, grade and blacklist state held, as credit-rating's events carried it (null
    until a versioned event came): an older event changes nothing (``domain.mirror``)."""

    __tablename__ = "inspection_objects"
    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_with_rowid": False}

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    region: Mapped[str] = mapped_column(String(12))
    industry: Mapped[str] = mapped_column(String(8))
    grade: Mapped[str | None] = mapped_column(String(1))
    no_penalty_3y: Mapped[bool] = mapped_column(Boolean)
    blacklisted: Mapped[bool] = mapped_column(Boolean)
    risk: Mapped[str | None] = mapped_column(String(16))
    uscc_key: Mapped[int] = mapped_column(BigInteger)
    line: Mapped[str] = mapped_column(Text)
    stratum: Mapped[str] = mapped_column(String(64))
    registered: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    registry_version: Mapped[int | None] = mapped_column(Integer)
    grade_version: Mapped[int | None] = mapped_column(Integer)
    blacklist_version: Mapped[int | None] = mapped_column(Integer)


class InspectionHistory(Base):
    """An object's random inspection in a year (B/C: at most once a calendar year)."""

    __tablename__ = "inspection_history"
    __table_args__ = (Index("ix_inspection_history_year_uscc", "year", "uscc"),
                      Index("ix_inspection_history_uscc_year", "uscc", "year"),  # an object's
                      Index("ix_inspection_history_draw_id", "draw_id"))  # a redrawn draw's

    visit_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18))
    year: Mapped[int] = mapped_column(Integer)
    draw_id: Mapped[str] = mapped_column(String(40))


class Plan(Base):
    """抽查计划 (IN-8): a department's annual plan, draft → filed (司法局备案) → published;
    ``departments`` lists every department of a joint plan (IN-4), the owner first."""

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    department: Mapped[str] = mapped_column(String(32))
    departments: Mapped[list[str]] = mapped_column(JSON)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    filed_with: Mapped[str | None] = mapped_column(String(32))
    filed_by: Mapped[str | None] = mapped_column(String(200))
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Task(Base):
    """抽查任务: matters, population filter, ratio or size, time window, state."""

    __tablename__ = "tasks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id"), index=True)
    matters: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    key_area: Mapped[bool] = mapped_column(Boolean)
    population: Mapped[dict[str, Any]] = mapped_column(JSON)
    ratio: Mapped[str | None] = mapped_column(String(20))
    size: Mapped[int | None] = mapped_column(Integer)
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    results_due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    current_draw_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CommitmentRow(Base):
    """抽查承诺: the published commitment, its secret nonce (revealed by the draw), the
    roster snapshot it committed to (canonical lines, zlib-compressed), the inspector pool
    with conflicts as declaration hashes, and the strata with n/N it will draw."""

    __tablename__ = "draw_commitments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), index=True)
    commitment: Mapped[dict[str, Any]] = mapped_column(JSON)
    commitment_hash: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[str] = mapped_column(String(64))
    roster_count: Mapped[int] = mapped_column(Integer)
    roster: Mapped[bytes] = mapped_column(LargeBinary)
    inspectors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    conflicts: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    committed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sequence: Mapped[int] = mapped_column(Integer, server_default="1")
    strata: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    redraw_id: Mapped[str | None] = mapped_column(String(40))


class RedrawRequest(Base):
    """重新抽取申请: an officer asks, a reviewer of the lead department with another token
    approves (or refuses); an approved request is used by the task's next commitment."""

    __tablename__ = "redraw_requests"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    commitment_id: Mapped[str | None] = mapped_column(String(40))


class DrawRow(Base):
    """A completed draw; ``superseded_by`` is set when a redraw replaced it."""

    __tablename__ = "draws"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.id"), index=True)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("draw_commitments.id"))
    beacon_value: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    assignment: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(500))
    sequence: Mapped[int] = mapped_column(Integer, server_default="1")
    replaces: Mapped[str | None] = mapped_column(String(40))
    approved_by: Mapped[str | None] = mapped_column(String(200))
    superseded_by: Mapped[str | None] = mapped_column(String(40))
    drawn_by: Mapped[str] = mapped_column(String(200))
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VisitRow(Base):
    """One drawn visit (进一次门、查多项事): one object, all the task's matters. Visits of
    tasks of the same department(s) whose windows overlap go to the same object together:
    each carries ``joint_visit_id``, the id of the first of them (None when alone)."""

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_draw_id_uscc", "draw_id", "uscc"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    draw_id: Mapped[str] = mapped_column(ForeignKey("draws.id"))
    task_id: Mapped[str] = mapped_column(String(40))
    uscc: Mapped[str] = mapped_column(String(18))
    inspectors: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    joint_visit_id: Mapped[str | None] = mapped_column(String(40), index=True)


class ExclusionRow(Base):
    """Exclusion log of a draw, one row per reason: objects left out (``kind`` "object",
    ``subjects`` their USCCs) or inspectors avoided (回避; "inspector", "uscc/inspector id")."""

    __tablename__ = "draw_exclusions"
    __table_args__ = (Index("ix_draw_exclusions_draw_id", "draw_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draw_id: Mapped[str] = mapped_column(ForeignKey("draws.id"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500))
    subjects: Mapped[list[str]] = mapped_column(JSON)


class ResultRow(Base):
    """抽查检查结果 of one matter on one visit (IN-7)."""

    __tablename__ = "inspection_results"
    __table_args__ = (UniqueConstraint("visit_id", "matter"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"))
    matter: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str | None] = mapped_column(String(16))
    findings: Mapped[str] = mapped_column(Text)
    evidence_hashes: Mapped[list[str]] = mapped_column(JSON)
    commitment_false: Mapped[bool] = mapped_column(Boolean)
    recorded_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
