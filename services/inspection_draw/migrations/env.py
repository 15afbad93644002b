"""Alembic environment of inspection-draw (双随机抽查): its tables plus the platform tables."""

from services.inspection_draw.models import Base
from shared.alembic_env import run_env
from shared.platform_tables import platform_metadata

run_env([Base.metadata, platform_metadata])
