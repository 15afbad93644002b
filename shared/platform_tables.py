"""Tables every service's database holds: outbox, inbox, audit log (平台表).

They live in one ``MetaData`` of their own; each service's Alembic history creates
them in its first revision through :func:`create_v1`, and each service's
``env.py`` compares against ``[service metadata, platform_metadata]``.
A later change to these tables gets a ``create_v2``-style step, never an edit here.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Connection

from shared.db import new_metadata

platform_metadata = new_metadata()

AutoId = BigInteger().with_variant(Integer, "sqlite")

outbox = Table(
    "outbox",
    platform_metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("topic", String(200), nullable=False),
    Column("key", String(200), nullable=True),
    Column("payload", Text, nullable=False, comment="the CloudEvents JSON, as sent"),
    Column("traceparent", String(64), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text, nullable=True),
)
Index(
    "ix_outbox_unpublished",
    outbox.c.id,
    sqlite_where=outbox.c.published_at.is_(None),
    postgresql_where=outbox.c.published_at.is_(None),
)
Index("ix_outbox_created_at", outbox.c.created_at)

inbox = Table(
    "inbox",
    platform_metadata,
    Column("consumer", String(100), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("consumer", "event_id"),
)

audit_log = Table(
    "audit_log",
    platform_metadata,
    Column("seq", AutoId, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(200), nullable=False),
    Column("subject", String(200), nullable=True),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

audit_head = Table(
    "audit_head",
    platform_metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

V1_TABLES = [outbox, inbox, audit_log, audit_head]


def create_v1(bind: Connection) -> None:
    """First platform schema, called from each service's first migration."""
    platform_metadata.create_all(bind, tables=V1_TABLES)


def drop_v1(bind: Connection) -> None:
    platform_metadata.drop_all(bind, tables=V1_TABLES)
