"""Names from the reference data (名称): departments, regions, matters and complaint
categories by code, so notices and pages say 青岛市市场监督管理局, not SCJG."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Matter:
    name: str
    legal_basis: str


@dataclass(frozen=True)
class Names:
    """Lookups by code; an unknown code reads as itself with a note, never as an error."""

    departments: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    regions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    matters: Mapping[str, Matter] = field(default_factory=lambda: MappingProxyType({}))
    categories: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    region_parents: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def department(self, code: str) -> str:
        return self.departments.get(code, "其他部门")

    def matter(self, code: str) -> Matter:
        return self.matters.get(code, Matter("其他抽查事项", ""))

    def category(self, code: str) -> str:
        return self.categories.get(code, "其他事项")

    def region(self, code: str) -> str:
        """A region with its parents: 山东省青岛市黄岛区."""
        parts, seen = [], set()
        while code in self.regions and code not in seen:
            seen.add(code)
            parts.append(self.regions[code])
            code = self.region_parents.get(code, "")
        return "".join(reversed(parts)) or "—"
