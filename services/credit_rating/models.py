"""Tables of credit-rating (信用评价): the entity registry, credit records, grades, lists,
commitments, repair applications and objections.

The platform tables (outbox, inbox, audit log) live in ``shared.platform_tables``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db import new_metadata
from shared.utc_datetime import UTCDateTime


class Base(DeclarativeBase):
    metadata = new_metadata()


def state_version() -> Mapped[int]:
    """``version``: how many times the row's state was announced (the version its last
    event carried; 0 before any versioned event). Raised in the transaction of each
    announcement (``handlers.steps.versions``), so it only grows (issue 20.1)."""
    return mapped_column(Integer, default=0, server_default="0")  # type: ignore[return-value]


class Entity(Base):
    """A market entity (市场主体) of the registry, keyed by its USCC (CR-1).

    ``legal_representative`` is personal data: stored for joint punishment (CR-5), never
    put in an event.
    """

    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_legal_representative", "legal_representative"),
                      {"sqlite_with_rowid": False})  # USCC order; by name (逢办必查)

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_representative: Mapped[str | None] = mapped_column(String(100))
    registered_address: Mapped[str | None] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(6))
    industry: Mapped[str] = mapped_column(String(8))
    established_on: Mapped[date] = mapped_column(Date)
    new_economy: Mapped[bool] = mapped_column(Boolean, default=False)
    tolerance_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = state_version()  # of credit.entity.upserted.v1


class CreditRecord(Base):
    """A credit record (信用记录) under an entity (CR-2): 可查、可核、可溯.

    ``source_event_id`` is the id of the event it came from (unique: the same event twice
    makes one record); null for records entered through the API. ``finding_ref`` names
    the finding behind it when two events report one finding (an inspection result that
    found a commitment false): unique, one finding makes one record. ``penalty_kind``,
    ``fine_yuan`` and ``ban_until`` describe an administrative penalty, when known.
    """

    __tablename__ = "credit_records"
    __table_args__ = (Index("ix_credit_records_uscc_decided_on", "uscc", "decided_on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"))
    kind: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str | None] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(32))
    legal_basis: Mapped[str] = mapped_column(String(300))
    decided_on: Mapped[date] = mapped_column(Date)
    violation_code: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    publicity_minimum_end: Mapped[date | None] = mapped_column(Date)
    publicity_end: Mapped[date | None] = mapped_column(Date)
    published: Mapped[bool] = mapped_column(Boolean)
    source_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    finding_ref: Mapped[str | None] = mapped_column(String(80), unique=True)
    exempt_reason: Mapped[str | None] = mapped_column(String(300))
    penalty_kind: Mapped[str | None] = mapped_column(String(32))
    fine_yuan: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    ban_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EntityGrade(Base):
    """The current credit grade (信用等级) of an entity and the factors behind it (CR-3)."""

    __tablename__ = "entity_grades"
    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_with_rowid": False}  # USCC order

    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"), primary_key=True)
    grade: Mapped[str] = mapped_column(String(1))
    label: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    rule_version: Mapped[str] = mapped_column(String(40))
    no_penalty_3y: Mapped[bool] = mapped_column(Boolean)
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = state_version()  # of credit.grade.changed.v1


class EntityRisk(Base):
    """An entity's risk level under the risk warning model (风险预警模型, CR-11) and the
    factors behind it, as of its last assessment; an entity without one is low risk."""

    __tablename__ = "entity_risks"
    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_with_rowid": False}  # USCC order

    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"), primary_key=True)
    level: Mapped[str] = mapped_column(String(20))
    score: Mapped[int] = mapped_column(Integer)
    model: Mapped[str] = mapped_column(String(40))
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    assessed_on: Mapped[date] = mapped_column(Date)


class CreditListEntry(Base):
    """An entity's state on one list (CR-5, CR-7), as of its last record change.

    ``list_kind`` is ``blacklist`` (严重失信主体名单) or ``watchlist`` (重点关注企业名单);
    watchlist only: ``reminder_due_on`` is the day a 提醒约谈 became due and none has been
    recorded since, ``reminder_issued_on`` the day the last recorded one was held (the
    follow-up counts from it).
    """

    __tablename__ = "credit_list_entries"
    __table_args__ = (Index("ix_credit_list_entries_kind_listed_uscc",
                            "list_kind", "listed", "uscc"),)

    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"), primary_key=True)
    list_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    listed: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text)
    record_ids: Mapped[list[str]] = mapped_column(JSON)
    listed_since: Mapped[date | None] = mapped_column(Date)
    reminder_issued_on: Mapped[date | None] = mapped_column(Date)
    reminder_due_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = state_version()  # blacklist: of credit.blacklist.changed.v1


class BlacklistProposal(Base):
    """A proposed listing on the 严重失信主体名单 (列入建议, CR-5, issue 16.5) and its
    department's decision: ``proposed`` until it confirms (列入决定, after notifying the
    entity on ``notified_on``; listed from ``decided_on``) or declines it."""

    __tablename__ = "blacklist_proposals"
    __table_args__ = (Index("ix_blacklist_proposals_uscc", "uscc"),
                      Index("ix_blacklist_proposals_status_department", "status",
                            "department"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"))
    department: Mapped[str] = mapped_column(String(32))
    record_ids: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    proposed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    notified_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_ref: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Reminder(Base):
    """A 提醒约谈 a department held with an entity (CR-7): the act that makes later
    violations count toward the 重点关注企业名单; ``record_ids``: the violations that made
    it due."""

    __tablename__ = "credit_reminders"
    __table_args__ = (Index("ix_credit_reminders_uscc_held_on", "uscc", "held_on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"))
    department: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))
    record_ids: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Commitment(Base):
    """A credit commitment (信用承诺, CR-4) an entity made to a department.

    ``record_id`` is the record its settlement added (broken or kept commitment);
    ``source_event_id`` the event that found it false, if one did.
    """

    __tablename__ = "credit_commitments"
    __table_args__ = (Index("ix_credit_commitments_uscc", "uscc"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"))
    kind: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(32))
    matter: Mapped[str | None] = mapped_column(String(64))
    decision_ref: Mapped[str | None] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    made_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str | None] = mapped_column(String(36))
    settled_on: Mapped[date | None] = mapped_column(Date)
    settled_by: Mapped[str | None] = mapped_column(String(32))
    settle_note: Mapped[str | None] = mapped_column(String(300))
    source_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RepairApplication(Base):
    """A credit repair application (信用修复申请, CR-9) for one record; ``department`` is
    the finding department, the only one that decides (谁认定谁修复), by ``due_on``.

    ``overdue_announced_on`` is set when credit.repair.overdue.v1 left (once).
    """

    __tablename__ = "credit_repairs"
    __table_args__ = (Index("ix_credit_repairs_uscc", "uscc"),
                      Index("ix_credit_repairs_record_id", "record_id"),
                      Index("ix_credit_repairs_status_due_on", "status", "due_on"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"))
    record_id: Mapped[str] = mapped_column(ForeignKey("credit_records.id"))
    department: Mapped[str] = mapped_column(String(32))
    applied_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    obligations: Mapped[str] = mapped_column(String(300))
    commitment_id: Mapped[str] = mapped_column(ForeignKey("credit_commitments.id"))
    status: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    overdue_announced_on: Mapped[date | None] = mapped_column(Date)


class Objection(Base):
    """An objection (异议申诉, CR-9) to one record, decided by the record's department.

    ``overdue_announced_on`` is set when credit.objection.overdue.v1 left (once).
    """

    __tablename__ = "credit_objections"
    __table_args__ = (Index("ix_credit_objections_uscc", "uscc"),
                      Index("ix_credit_objections_status_due_on", "status", "due_on"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"))
    record_id: Mapped[str] = mapped_column(ForeignKey("credit_records.id"))
    department: Mapped[str] = mapped_column(String(32))
    filed_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_note: Mapped[str | None] = mapped_column(String(300))
    severity_before: Mapped[str | None] = mapped_column(String(16))  # what ``corrected`` changed
    overdue_announced_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ResponsiblePerson(Base):
    """A responsible person (负责人 / 直接责任人) of an entity, known only by the keyed hash
    (HMAC-SHA256) of the name or ID number given: joint punishment extends to them
    (CR-5), and the name itself is never stored."""

    __tablename__ = "entity_responsible_persons"
    __table_args__ = (Index("ix_entity_responsible_persons_person_hash_uscc", "person_hash",
                            "uscc"),)  # a person's entities (逢办必查)

    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"), primary_key=True)
    person_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EntityPersonId(Base):
    """A person behind an entity, by the keyed hash (HMAC-SHA256) of their ID number
    (GB 11643): its legal representative or a responsible person. 逢办必查 of one entity
    finds the blacklisted entities the same person stands behind (issue 16.9); the
    number itself is never stored."""

    __tablename__ = "entity_person_ids"
    __table_args__ = (Index("ix_entity_person_ids_person_hash_uscc", "person_hash", "uscc"),)

    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"), primary_key=True)
    person_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(24), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AbnormalListing(Base):
    """An entry on the 经营异常名录 (abnormal operations list): who listed the entity, why,
    from when, and when it was moved off (移出). Three years on it without a break puts
    the entity on the 严重违法失信名单 (CR-5); ``warned_on``: the day that was forewarned."""

    __tablename__ = "abnormal_listings"
    # an entity's open listings first (逢办必查); all open ones by date (the daily sweep)
    __table_args__ = (Index("ix_abnormal_listings_open", "uscc", "removed_on", "listed_on"),
                      Index("ix_abnormal_listings_active", "removed_on", "listed_on"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str] = mapped_column(ForeignKey("entities.uscc"))
    department: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(300))
    listed_on: Mapped[date] = mapped_column(Date)
    removed_on: Mapped[date | None] = mapped_column(Date)
    removal_reason: Mapped[str | None] = mapped_column(String(300))
    warned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = state_version()  # of credit.abnormal.changed.v1
