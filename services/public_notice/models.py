"""Tables of public-notice (信息公示): notices, the lists drawn for inspection, the public
directory of entities, the versions of the credit states it keeps copies of, and the
counter that numbers notices.

The platform tables (outbox, inbox, audit log) live in ``shared.platform_tables``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
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

NumberType = BigInteger().with_variant(Integer, "sqlite")


class Base(DeclarativeBase):
    metadata = new_metadata()


class Notice(Base):
    """A public notice (公示信息): what is public about an entity or an inspection, by its
    publishing department (PN-6), on its legal basis, until its period ends.

    ``status``: ``held`` (a draw list waiting for its inspection window), ``published``,
    ``withdrawn`` (taken down: period ended, repaired, revoked, delisted, a department's
    withdrawal), ``blocked`` (never published: a minor, a secret). Texts are stored masked
    only (PN-4). ``source_event_id`` is unique: the same event twice makes one notice.
    ``version``: how many times its state was announced (``notice.published.v1`` when it
    went up or was completed, ``notice.withdrawn.v1``); each event carries it.
    """

    __tablename__ = "notices"
    __table_args__ = (
        Index("ix_notices_uscc_status", "uscc", "status"),
        Index("ix_notices_kind_status_published_on", "kind", "status", "published_on"),
        Index("ix_notices_status_published_on", "status", "published_on"),
        Index("ix_notices_status_ends_on", "status", "ends_on"),
        Index("ix_notices_record_id", "record_id"),
        Index("ix_notices_kind_reference", "kind", "reference"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[int] = mapped_column(NumberType)  # from notice_counter: one each
    source_event_id: Mapped[str] = mapped_column(String(64))  # unique in notice_sources
    kind: Mapped[str] = mapped_column(String(32))
    uscc: Mapped[str | None] = mapped_column(String(18))
    department: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(300))
    decision_basis: Mapped[str | None] = mapped_column(String(300))
    severity: Mapped[str | None] = mapped_column(String(16))
    penalty_kind: Mapped[str | None] = mapped_column(String(32))
    fine_yuan: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    ban_until: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date] = mapped_column(Date)
    publish_due: Mapped[date] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_on: Mapped[date | None] = mapped_column(Date)
    repairable_from: Mapped[date | None] = mapped_column(Date)
    period_rule: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(String(32))
    takedown_due: Mapped[date | None] = mapped_column(Date)
    record_id: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(String(64))  # case, plan, draw, result …
    exposed: Mapped[bool] = mapped_column(Boolean, default=False)
    masked: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class NoticeSource(Base):
    """An event that made or completed a notice: the same event twice does nothing twice,
    even past the inbox (a replay, a demo seeded again)."""

    __tablename__ = "notice_sources"

    source_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id"))


class DrawSelection(Base):
    """One entity on a draw list (抽查名单); public only once the list is."""

    __tablename__ = "draw_selections"
    __table_args__ = (Index("ix_draw_selections_uscc", "uscc"),)

    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id"), primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)


class PublicEntity(Base):
    """The public directory of market entities (市场主体): registered name, region and
    the credit grade where it is public; no personal data."""

    __tablename__ = "public_entities"
    __table_args__ = (Index("ix_public_entities_name", "name"),
                      {"sqlite_with_rowid": False})  # one B-tree search per point read

    uscc: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(12))
    industry: Mapped[str] = mapped_column(String(8))
    established_on: Mapped[date] = mapped_column(Date)
    grade: Mapped[str | None] = mapped_column(String(1))
    grade_rule_version: Mapped[str | None] = mapped_column(String(40))
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MirroredVersion(Base):
    """The version of a credit state public-notice keeps a copy of (issue 20.1), as
    credit-rating's event carried it: ``kind`` ``entity`` (registry data) and ``grade``
    (the directory), ``blacklist`` (an entity's 严重失信主体名单 notice) by USCC, and
    ``abnormal`` (a 经营异常名录 notice) by listing id. An event not newer than the
    version held changes nothing."""

    __tablename__ = "mirrored_versions"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class NoticeCounter(Base):
    """The last notice number given (公示编号): numbers are taken in blocks, one statement
    for a whole batch of notices."""

    __tablename__ = "notice_counter"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last: Mapped[int] = mapped_column(NumberType)
