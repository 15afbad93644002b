"""Tables every service's database holds: outbox, inbox, audit log, dead letters (平台表).

They live in one ``MetaData`` of their own; each service's Alembic history creates
them in its first revision through :func:`create_v1`, and the dead letters in a later
one through :func:`create_v2`; each service's ``env.py`` compares against
``[service metadata, platform_metadata]``. A later change to these tables gets a
``create_v3``-style step, never an edit of an earlier one.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
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

dead_letters = Table(
    "dead_letters",
    platform_metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("consumer", String(100), nullable=False, comment="the consumer group"),
    Column("fingerprint", String(64), nullable=False,
           comment="sha256 of topic, key and value: the same message failing again"),
    Column("topic", String(200), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False,
           comment="where it was read (offsets start again after a broker loss)"),
    Column("event_id", String(64), nullable=True),
    Column("event_type", String(200), nullable=True),
    Column("key", LargeBinary, nullable=True),
    Column("value", LargeBinary, nullable=True,
           comment="the original bytes; only the first part when truncated"),
    Column("value_size", BigInteger, nullable=False),
    Column("value_sha256", String(64), nullable=False),
    Column("truncated", Boolean, nullable=False, server_default=text("false")),
    Column("headers", Text, nullable=False, comment="JSON: [[name, base64 value], …]"),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("failures", Integer, nullable=False, server_default=text("1")),
    Column("first_failed_at", DateTime(timezone=True), nullable=False),
    Column("last_failed_at", DateTime(timezone=True), nullable=False),
    Column("replays", Integer, nullable=False, server_default=text("0")),
    Column("replayed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("consumer", "fingerprint"),
)

V1_TABLES = [outbox, inbox, audit_log, audit_head]
V2_TABLES = [dead_letters]


def create_v1(bind: Connection) -> None:
    """First platform schema, called from each service's first migration."""
    platform_metadata.create_all(bind, tables=V1_TABLES)


def drop_v1(bind: Connection) -> None:
    platform_metadata.drop_all(bind, tables=V1_TABLES)


def create_v2(bind: Connection) -> None:
    """The dead letters each consuming service keeps (``jianguan dlq`` reads them), called
    from one migration of each service."""
    platform_metadata.create_all(bind, tables=V2_TABLES)


def drop_v2(bind: Connection) -> None:
    platform_metadata.drop_all(bind, tables=V2_TABLES)


def create_all_platform_tables(bind: Connection) -> None:
    """Every platform table as the newest migration leaves them (tests and benchmarks
    that build a database without a service's history)."""
    create_v1(bind)
    create_v2(bind)
