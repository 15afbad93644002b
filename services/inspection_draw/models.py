"""Tables of inspection-draw (双随机抽查).

The platform tables (outbox, inbox, audit log) live in ``shared.platform_tables``.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()
