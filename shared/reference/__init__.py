"""Versioned reference data (参考数据): departments, regions, the matters catalogue, the
responsibility boundary list and the key areas, loaded from YAML and cross-checked.

A bad file raises ``ReferenceDataError`` naming the file, line, entry and problem, so a
service refuses to start instead of routing with wrong data.
"""

from __future__ import annotations

from pathlib import Path

from shared.reference.checks import check_all
from shared.reference.data import ReferenceData, UnknownReferenceCode
from shared.reference.files import ReferenceDataError, read_reference_file
from shared.reference.models import (
    ENTRY_MODELS,
    Department,
    FileHeader,
    KeyArea,
    Matter,
    Region,
    Responsibility,
)

__all__ = [
    "DEFAULT_DIRECTORY",
    "Department",
    "FileHeader",
    "KeyArea",
    "Matter",
    "ReferenceData",
    "ReferenceDataError",
    "Region",
    "Responsibility",
    "UnknownReferenceCode",
    "load_reference",
]


DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "deploy" / "reference"


def load_reference(directory: Path = DEFAULT_DIRECTORY) -> ReferenceData:
    """Read ``<directory>/{regions,departments,responsibility,key_areas,matters}.yaml``.

    Raises ``ReferenceDataError`` for the first problem found, file by file.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ReferenceDataError(directory, "reference data directory not found")
    files = {
        stem: read_reference_file(directory / f"{stem}.yaml", model)
        for stem, model in ENTRY_MODELS.items()
    }
    check_all(files)
    return ReferenceData.from_files(files)
