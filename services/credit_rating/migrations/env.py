"""Alembic environment of credit-rating (信用评价): its tables plus the platform tables."""

from services.credit_rating.models import Base
from shared.alembic_env import run_env
from shared.platform_tables import platform_metadata

run_env([Base.metadata, platform_metadata])
