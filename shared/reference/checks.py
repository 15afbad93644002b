"""Cross-checks between the reference data files (参考数据一致性校验).

Each check raises ``ReferenceDataError`` naming the file, the entry and what to change.
The order matters: regions first, then what refers to them, matters last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from shared.reference.files import ReferenceFile
from shared.reference.models import Department, KeyArea, Matter, Region, Responsibility

_T = TypeVar("_T")


def check_all(files: Mapping[str, ReferenceFile]) -> None:
    """Raise on the first inconsistency between ``files`` (keyed by file stem)."""
    for stem in ("regions", "departments", "key_areas", "matters"):
        check_unique_codes(files[stem])
    check_regions(files["regions"])
    region_codes = _codes(files["regions"])
    check_departments(files["departments"], region_codes)
    department_codes = _codes(files["departments"])
    check_responsibility(files["responsibility"], department_codes, region_codes)
    categories = {entry.category for entry in _entries(files["responsibility"], Responsibility)}
    check_key_areas(files["key_areas"], categories)
    key_areas = _codes(files["key_areas"])
    check_matters(files["matters"], department_codes, categories, key_areas)


def check_unique_codes(file: ReferenceFile) -> None:
    first_seen: dict[str, int] = {}
    for index, entry in enumerate(file.entries):
        code = entry.code  # type: ignore[union-attr]
        if code in first_seen:
            raise file.error(
                index,
                f'duplicate code; "{code}" is already entry '
                f"{first_seen[code] + 1}, give this one another code",
            )
        first_seen[code] = index


def check_regions(file: ReferenceFile) -> None:
    parents = {region.code: region.parent for region in _entries(file, Region)}
    for index, region in enumerate(_entries(file, Region)):
        if region.parent is None:
            continue
        if region.parent not in parents:
            raise file.error(index, f'parent "{region.parent}" is not in {file.path.name}')
        seen, current = {region.code}, region.parent
        while current is not None:
            if current in seen:
                raise file.error(index, f'parent chain loops back to "{current}"')
            seen.add(current)
            current = parents[current]


def check_departments(file: ReferenceFile, regions: set[str]) -> None:
    for index, department in enumerate(_entries(file, Department)):
        if department.region not in regions:
            raise file.error(index, f'region "{department.region}" is not in regions.yaml')


def check_responsibility(file: ReferenceFile, departments: set[str], regions: set[str]) -> None:
    routed: dict[tuple[str, str | None], int] = {}
    for index, line in enumerate(_entries(file, Responsibility)):
        if line.department not in departments:
            raise file.error(index, f'department "{line.department}" is not in departments.yaml')
        for region in line.regions or (None,):
            if region is not None and region not in regions:
                raise file.error(index, f'region "{region}" is not in regions.yaml')
            earlier = routed.setdefault((line.category, region), index)
            if earlier != index:
                scope = f'region "{region}"' if region else "all regions (no regions list)"
                raise file.error(
                    index,
                    f'category "{line.category}" is already routed for '
                    f"{scope} by entry {earlier + 1}; keep one of the two",
                )
    for index, line in enumerate(_entries(file, Responsibility)):
        if (line.category, None) not in routed:
            raise file.error(
                index,
                f'category "{line.category}" has no entry without regions, '
                "so other regions cannot be routed; add one as the default",
            )


def check_key_areas(file: ReferenceFile, categories: set[str]) -> None:
    for index, area in enumerate(_entries(file, KeyArea)):
        if area.code not in categories:
            raise file.error(
                index,
                f'"{area.code}" is not a category in responsibility.yaml; '
                "a key area must be a category that routes to a department",
            )


def check_matters(
    file: ReferenceFile, departments: set[str], categories: set[str], key_areas: set[str]
) -> None:
    for index, matter in enumerate(_entries(file, Matter)):
        if matter.department not in departments:
            raise file.error(index, f'department "{matter.department}" is not in departments.yaml')
        if matter.category not in categories:
            raise file.error(
                index,
                f'category "{matter.category}" is not in '
                "responsibility.yaml; add it there or use an existing category",
            )
        in_key_area = matter.category in key_areas
        if matter.key_area != in_key_area:
            should = "true" if in_key_area else "false"
            why = "is" if in_key_area else "is not"
            raise file.error(
                index,
                f'key_area must be {should}: category "{matter.category}" {why} in key_areas.yaml',
            )


def _codes(file: ReferenceFile) -> set[str]:
    return {entry.code for entry in file.entries}  # type: ignore[union-attr]


def _entries(file: ReferenceFile, model: type[_T]) -> Sequence[_T]:
    """The file's entries, all of ``model`` (``read_reference_file`` validated them so)."""
    assert all(isinstance(entry, model) for entry in file.entries)
    return file.entries  # type: ignore[return-value]
