"""Alembic environment of complaint-intake (投诉举报): its tables plus the platform tables."""

from services.complaint_intake.models import Base
from shared.alembic_env import run_env
from shared.platform_tables import platform_metadata

run_env([Base.metadata, platform_metadata])
