"""The validated reference data as one frozen object with lookups (参考数据)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from shared.reference.files import ReferenceFile
from shared.reference.models import (
    Department,
    FileHeader,
    KeyArea,
    Matter,
    Region,
    Responsibility,
)

KINDS = ("administrative", "judicial")
_K = TypeVar("_K")
_V = TypeVar("_V")


class UnknownReferenceCode(LookupError):
    """A code that the loaded reference data does not contain."""


@dataclass(frozen=True)
class ReferenceData:
    """Departments, regions, matters, the 职责边界清单 and the key areas, cross-checked.

    Build it with ``load_reference``; nothing in it changes after loading.
    """

    headers: Mapping[str, FileHeader]
    regions: Mapping[str, Region]
    departments: Mapping[str, Department]
    matters: Mapping[str, Matter]
    key_areas: Mapping[str, KeyArea]
    routes: Mapping[tuple[str, str | None], str]
    """(category, region or None for the default) -> department code."""

    @classmethod
    def from_files(cls, files: Mapping[str, ReferenceFile]) -> ReferenceData:
        """Index files that ``checks.check_all`` has accepted."""
        routes: dict[tuple[str, str | None], str] = {}
        for line in files["responsibility"].entries:
            assert isinstance(line, Responsibility)
            for region in line.regions or (None,):
                routes[(line.category, region)] = line.department
        return cls(
            headers=_frozen({stem: file.header for stem, file in sorted(files.items())}),
            regions=_by_code(files["regions"]),
            departments=_by_code(files["departments"]),
            matters=_by_code(files["matters"]),
            key_areas=_by_code(files["key_areas"]),
            routes=_frozen(routes),
        )

    @property
    def version(self) -> str:
        """Every file's version, e.g. ``departments=2026.1,key_areas=2026.1,...``."""
        return ",".join(f"{stem}={header.version}" for stem, header in self.headers.items())

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories of the responsibility list, in file order."""
        return tuple(dict.fromkeys(category for category, _ in self.routes))

    @property
    def departments_by_kind(self) -> Mapping[str, tuple[Department, ...]]:
        """``administrative`` and ``judicial`` -> their departments, in file order."""
        return MappingProxyType(
            {kind: tuple(d for d in self.departments.values() if d.kind == kind) for kind in KINDS}
        )

    def department(self, code: str) -> Department:
        return _lookup(self.departments, code, "department", "departments.yaml")

    def region(self, code: str) -> Region:
        return _lookup(self.regions, code, "region", "regions.yaml")

    def matter(self, code: str) -> Matter:
        return _lookup(self.matters, code, "matter", "matters.yaml")

    def is_key_area(self, category: str) -> bool:
        """True if matters of ``category`` get full coverage (全覆盖), not sampling."""
        return category in self.key_areas

    def route(self, category: str, region: str) -> str:
        """The department code responsible for ``category`` in ``region`` (谁主管谁监管).

        The most specific line wins: the region itself, then its parents, then the
        category's default. A region not in regions.yaml gets the default.
        """
        current: str | None = region
        while current is not None:
            department = self.routes.get((category, current))
            if department is not None:
                return department
            parent = self.regions.get(current)
            current = parent.parent if parent is not None else None
        if (category, None) not in self.routes:
            raise UnknownReferenceCode(
                f'category "{category}" is not in responsibility.yaml ({self.version})'
            )
        return self.routes[(category, None)]


def _by_code(file: ReferenceFile) -> Mapping[str, Any]:
    return _frozen({entry.code: entry for entry in file.entries})  # type: ignore[union-attr]


def _frozen(mapping: dict[_K, _V]) -> Mapping[_K, _V]:
    return MappingProxyType(mapping)


def _lookup(table: Mapping[str, _V], code: str, what: str, file: str) -> _V:
    try:
        return table[code]
    except KeyError:
        raise UnknownReferenceCode(f'{what} "{code}" is not in {file}') from None
