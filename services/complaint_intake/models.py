"""Tables of complaint-intake (投诉举报): complaints, the sealed reporter identity, public
replies, handling history, overdue notices, reporter marks, rewards, the entity mirror,
and the filings accepted but not yet processed.

Personal data of the reporter lives only in ``reporter_identities`` (and, for the
moments before the worker takes a filing, in ``filings``), encrypted (AES-GCM) with
keyed blind indexes beside it. The platform tables (outbox, inbox, audit log) live
in ``shared.platform_tables``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import new_metadata
from shared.utc_datetime import UTCDateTime


class Base(DeclarativeBase):
    metadata = new_metadata()


class Complaint(Base):
    """A complaint, report or suggestion (投诉 / 举报 / 建议) and its handling state.

    ``entity_key`` is the USCC, or ``name:<normalised name>`` for an unmatched named
    subject; with ``category`` and ``received_on`` it is the duplicate check's index.
    ``buckets`` holds the MinHash LSH bucket digests (8 bytes per band) of the description,
    computed only once the entity and category have more complaints in the window than
    the duplicate check compares one by one (NULL before: such rows are compared in full).
    A duplicate has ``duplicate_of`` set and no task of its own; the first one counts
    ``duplicates`` and keeps every ``channels`` it came in on.
    ``received_on`` is the day of receipt the deadlines count from (for a relayed letter
    or call the day the department says, before ``received_at``, when it was keyed in).
    ``case_*``: a report's case opened (立案) and the decision deadline it runs under.
    """

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_duplicate_lookup", "entity_key", "category", "received_on"),
        Index("ix_complaints_department_status", "department", "status"),
        Index("ix_complaints_department_received_on", "department", "received_on"),
        Index("ix_complaints_duplicate_of", "duplicate_of"),  # its duplicates follow it
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(6))
    department: Mapped[str] = mapped_column(String(32))
    uscc: Mapped[str | None] = mapped_column(String(18))
    subject_name: Mapped[str | None] = mapped_column(String(200))
    subject_address: Mapped[str | None] = mapped_column(String(300))
    entity_key: Mapped[str] = mapped_column(String(220))
    match_score: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[str]] = mapped_column(JSON)
    buckets: Mapped[bytes | None] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_on: Mapped[date] = mapped_column(Date)
    accept_by: Mapped[date | None] = mapped_column(Date)
    decide_case_by: Mapped[date | None] = mapped_column(Date)
    decide_case_extended_by: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(String(500))
    mediation_ends: Mapped[date | None] = mapped_column(Date)
    case_opened_on: Mapped[date | None] = mapped_column(Date)
    case_decision_by: Mapped[date | None] = mapped_column(Date)
    case_decision_extended_by: Mapped[date | None] = mapped_column(Date)
    case_extension_reason: Mapped[str | None] = mapped_column(String(500))
    accepted_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(24))
    finding_for: Mapped[str | None] = mapped_column(String(32))
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("complaints.id"))
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    channels: Mapped[list[str]] = mapped_column(JSON)
    misroutes: Mapped[int] = mapped_column(Integer, default=0)
    internal_whistleblower: Mapped[bool] = mapped_column(Boolean, default=False)
    reporter_standing: Mapped[str] = mapped_column(String(16))
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    filed_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReporterIdentity(Base):
    """The reporter's identity (举报人身份), sealed with AES-GCM and bound to the complaint.

    ``reporter_index`` is the blind index the reporter is known by (ID number, else phone,
    else contact; none for a name alone, which identifies nobody); malicious marks and
    filings are counted under any of the identifiers' indexes (each indexed).
    """

    __tablename__ = "reporter_identities"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    reporter_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    id_number_index: Mapped[str | None] = mapped_column(String(64), index=True)
    contact_index: Mapped[str | None] = mapped_column(String(64), index=True)


class ReporterMark(Base):
    """A closure as malicious (恶意中伤, CP-5) against a reporter's blind index."""

    __tablename__ = "reporter_marks"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    reporter_index: Mapped[str] = mapped_column(String(64), index=True)
    marked_on: Mapped[date] = mapped_column(Date)


class Reply(Base):
    """A reply on a complaint (答复); only ``public`` ones show through the receipt."""

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    department: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean)


class HandlingStep(Base):
    """One step of the handling history (办理记录): routed, accepted, passed on, closed …"""

    __tablename__ = "handling_steps"
    __table_args__ = (Index("ix_handling_steps_department_on_day", "department", "on_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    on_day: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(24))
    department: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class OverdueNotice(Base):
    """A deadline found passed (逾期督办): one row, hence one event, per deadline and day due."""

    __tablename__ = "overdue_notices"
    __table_args__ = (Index("ix_overdue_notices_department_complaint_id", "department",
                            "complaint_id"),)

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    deadline: Mapped[str] = mapped_column(String(16), primary_key=True)
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)
    department: Mapped[str] = mapped_column(String(32))
    detected_on: Mapped[date] = mapped_column(Date)


class Reward(Base):
    """A whistleblower reward (举报奖励, CP-4) and its payment state."""

    __tablename__ = "rewards"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    fine_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    basis: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[date] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)


class MirroredEntity(Base):
    """A market entity as credit-rating announced it (主体镜像): name and region only.
    ``version``: the registry version its last applied event carried (null before
    versions), so an older event changes nothing (issue 20.1). The name index compares
    code points on PostgreSQL whatever the database's collation, so that a name-prefix
    ``LIKE`` seeks it (migration 0013)."""

    __tablename__ = "entity_mirror"
    __table_args__ = (Index("ix_entity_mirror_name_key", "name_key",
                            postgresql_ops={"name_key": "varchar_pattern_ops"}),)

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(6))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int | None] = mapped_column(Integer)


class RateBucket(Base):
    """A client address's public quota, shared by every instance on PostgreSQL
    (``shared.web.rate_limit_shared``): the address only as a keyed hash."""

    __tablename__ = "rate_limit_buckets"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    at: Mapped[float] = mapped_column(Float, comment="seconds since the epoch, database clock")
    capacity: Mapped[float] = mapped_column(
        Float, comment="the quota the bucket was last spent under: requests per window")
    rate: Mapped[float] = mapped_column(Float, comment="its tokens back per second")


class AcceptedFiling(Base):
    """A filing accepted and answered (受理单), waiting for the intake worker to match,
    route, link, date and announce it (``handlers.routing``).

    One row per filing, written with the filer's answer; deleted in the very transaction
    that writes its complaint, so whatever stops the worker, each filing becomes one
    complaint once. The reporter is already sealed (the same ``reporter_identities``
    columns, bound to ``id``, the complaint's id to be). ``attempts`` and ``retry_at``:
    a filing whose processing failed on its own waits before it is tried again.
    """

    __tablename__ = "filings"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(24))
    category: Mapped[str] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(6))
    uscc: Mapped[str | None] = mapped_column(String(18))
    subject_name: Mapped[str | None] = mapped_column(String(200))
    subject_address: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[str]] = mapped_column(JSON)
    internal_whistleblower: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_on: Mapped[date] = mapped_column(Date)
    filed_by: Mapped[str] = mapped_column(String(200))
    traceparent: Mapped[str | None] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(32))
    nonce: Mapped[bytes | None] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    reporter_index: Mapped[str | None] = mapped_column(String(64))
    phone_index: Mapped[str | None] = mapped_column(String(64))
    id_number_index: Mapped[str | None] = mapped_column(String(64))
    contact_index: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
