"""Alembic environment of case-transfer (案件移送): its tables plus the platform tables."""

from services.case_transfer.models import Base
from shared.alembic_env import run_env
from shared.platform_tables import platform_metadata

run_env([Base.metadata, platform_metadata])
