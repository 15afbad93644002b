"""Alembic environment of public-notice (信息公示): its tables plus the platform tables."""

from services.public_notice.models import Base
from shared.alembic_env import run_env
from shared.platform_tables import platform_metadata

run_env([Base.metadata, platform_metadata])
