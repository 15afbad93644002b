"""Schema migrations (数据库迁移), run programmatically: no ``alembic.ini`` needed.

Each service keeps one Alembic history in ``services/<service>/migrations``; its
``env.py`` hands its metadata to :func:`shared.alembic_env.run_env`. Migrating is a
start step of the runner (and of tests), never something an app does while starting.
These functions block; from async code call them as ``await asyncio.to_thread(upgrade, …)``
(``run_env`` also copes with being called on a thread that runs an event loop).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory

SERVICES_DIR = Path(__file__).resolve().parent.parent / "services"
FILE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config(service: str, url: str | None = None) -> Config:
    """The Alembic configuration of ``service`` (``credit_rating``…), for ``url``."""
    location = SERVICES_DIR / service / "migrations"
    if not (location / "env.py").is_file():
        raise ValueError(f"no migrations for service {service!r}: {location} has no env.py")
    config = Config()
    config.set_main_option("script_location", str(location))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", FILE_TEMPLATE)
    if url:
        config.attributes["database_url"] = url  # not a main option: no % interpolation
    return config


def upgrade(service: str, url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` of ``service``'s history."""
    command.upgrade(alembic_config(service, url), revision)


def downgrade(service: str, url: str, revision: str = "base") -> None:
    """Take the database at ``url`` back to ``revision`` (``base``: no tables)."""
    command.downgrade(alembic_config(service, url), revision)


def current(service: str, url: str) -> str | None:
    """The revision the database at ``url`` is at, or ``None`` before the first."""
    config = alembic_config(service, url)
    script = ScriptDirectory.from_config(config)
    found: list[str] = []

    def read_version(_rev, context):  # type: ignore[no-untyped-def]
        found.extend(context.get_current_heads())
        return []

    with EnvironmentContext(config, script, fn=read_version, dont_mutate=True):
        script.run_env()
    return found[0] if found else None


def head(service: str) -> str:
    """The newest revision of ``service``'s history (read from files; connects to nothing)."""
    heads = ScriptDirectory.from_config(alembic_config(service)).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"{service} migrations have {len(heads)} heads, expected one")
    return heads[0]


def revision(service: str, message: str, url: str | None = None) -> Path:
    """Write the next migration file (``<date>_<nnnn>_<slug>.py``) and return its path.

    With ``url`` (a database already at head) Alembic fills in the operations by
    comparing that database with the service's models; without it the file is empty.
    """
    config = alembic_config(service, url)
    script = ScriptDirectory.from_config(config)
    next_id = f"{len(list(script.walk_revisions())) + 1:04d}"
    made = command.revision(config, message, autogenerate=url is not None, rev_id=next_id)
    assert made is not None and not isinstance(made, list)
    return Path(made.path)


def rebuild_sqlite_table(table: str, *, without_rowid: bool) -> None:
    """Inside a migration: rebuild a SQLite table with or without a rowid, data kept.

    A ``WITHOUT ROWID`` table is stored in its primary key's order, so work that walks
    it in key order (a re-grade in USCC order) touches each page once instead of
    jumping between rows scattered in insertion order. SQLite cannot alter this in
    place; this is its documented procedure (new table, copy, drop, rename, indexes),
    run with foreign keys off as Alembic's connection has them. No-op elsewhere.
    """
    from alembic import op

    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' "
                               "AND name = ?", (table,)).scalar_one()
    body = sql.split("(", 1)[1].rstrip()
    if body.upper().endswith("WITHOUT ROWID"):
        body = body[: -len("WITHOUT ROWID")].rstrip()
    if without_rowid:
        body += " WITHOUT ROWID"
    indexes = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                                   "tbl_name = ? AND sql IS NOT NULL", (table,)).scalars().all()
    rebuilt = f"_{table}_rebuilt"
    bind.exec_driver_sql(f'CREATE TABLE "{rebuilt}" ({body}')
    bind.exec_driver_sql(f'INSERT INTO "{rebuilt}" SELECT * FROM "{table}"')
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{rebuilt}" RENAME TO "{table}"')
    for index in indexes:
        bind.exec_driver_sql(index)
