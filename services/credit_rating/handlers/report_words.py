"""The words a credit report shows for its codes (报告用语, issue 19): department, region
and matter names from the reference data, industries from GB/T 4754, statuses and
severities in Chinese, and the short number each record has in the entity's file.

A code the tables do not know is shown as it is (a department of another region, say):
a reader sees what the file holds rather than nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from services.credit_rating.domain.commitments import CommitmentStatus
from services.credit_rating.domain.records import Severity
from services.credit_rating.domain.rules import CreditRules
from shared.reference.data import ReferenceData
from shared.uscc import CATEGORIES_BY_DEPARTMENT

INDUSTRIES = Path(__file__).resolve().parents[1] / "gbt4754_2017.yaml"
REPAIR_STATUS = {"pending": "审核中", "approved": "准予修复", "rejected": "不予修复"}
OBJECTION_STATUS = {"pending": "处理中", "corrected": "已更正记录", "removed": "已撤销记录",
                    "upheld": "维持原记录"}
SOLE_TRADER = "92"  # USCC positions 1-2 of a 个体工商户 (GB 32100: 工商, 个体工商户)


@cache
def _industries() -> tuple[dict[str, str], dict[str, str]]:
    table = yaml.safe_load(INDUSTRIES.read_text(encoding="utf-8"))
    return dict(table["sections"]), dict(table["divisions"])


def industry_name(code: str) -> str:
    """C1391 → 制造业 · 农副食品加工业 (GB/T 4754 section and division)."""
    sections, divisions = _industries()
    letter = code[:1] if code[:1].isalpha() else ""
    digits = code[len(letter):]
    names = [sections.get(letter, ""), divisions.get(digits[:2], "")]
    words = " · ".join(dict.fromkeys(name for name in names if name))
    return words or code


def chinese_part(text: str) -> str:
    """The Chinese half of each ``中文 / English`` part of a rule text."""
    return "；".join(part.split(" / ", 1)[0].strip() for part in text.split("; ") if part)


def representative_title(uscc: str) -> str:
    """经营者 for a 个体工商户 (USCC 92…), 法定代表人 for any other entity."""
    return "经营者" if uscc.startswith(SOLE_TRADER) else "法定代表人"


def entity_kind(uscc: str) -> str:
    """The registration category of positions 1-2 (企业, 个体工商户, 农民专业合作社 …)."""
    return CATEGORIES_BY_DEPARTMENT.get(uscc[:1], {}).get(uscc[1:2], "市场主体")


def numbers(rows: Iterable[tuple[object, str]]) -> dict[str, int]:
    """Each record's short number in the entity's file: 1, 2, … in the order the records
    were entered (``(created_at, id)``), so a number never changes once given."""
    return {rid: n for n, (_, rid) in enumerate(sorted(rows, key=lambda r: (r[0], r[1])), 1)}


@dataclass(frozen=True)
class Words:
    """Lookups of one report: the reference data and the credit rules in force."""

    reference: ReferenceData
    rules: CreditRules

    def department(self, code: str) -> str:
        found = self.reference.departments.get(code)
        return found.name if found is not None else code

    def region(self, code: str) -> str:
        """370211 → 山东省青岛市黄岛区 (the division with its parents)."""
        names, at = [], self.reference.regions.get(code)
        while at is not None and len(names) < 4:
            names.insert(0, at.name)
            at = self.reference.regions.get(at.parent) if at.parent else None
        return "".join(names) or code

    def matter(self, code: str | None) -> str | None:
        if code is None:
            return None
        found = self.reference.matters.get(code)
        return found.name if found is not None else code

    def dimension(self, code: str) -> str:
        names = {d.code: d.name for d in self.rules.grading.dimensions}
        return names.get(code, "综合" if code == "overall" else code)

    @staticmethod
    def severity(code: str | None) -> str | None:
        return Severity(code).chinese if code else None

    @staticmethod
    def commitment_status(code: str) -> str:
        return CommitmentStatus(code).chinese

    @staticmethod
    def repair_status(code: str) -> str:
        return REPAIR_STATUS.get(code, code)

    @staticmethod
    def objection_status(code: str) -> str:
        return OBJECTION_STATUS.get(code, code)
