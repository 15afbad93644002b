"""Who may see a case (案件可见范围, item 9 of issue 13).

A department sees the cases it opened or handles and those transferred to it or shared
with it (联合执法, 协查, the police a 行刑衔接 reached); the procuratorate (JCY) sees
every case with a 行刑衔接 (法律监督); nobody else. A case a department may not see is
answered as unknown (404), so its existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Parties:
    """The departments a case involves."""

    department: str  # handles it now
    opened_by: str
    shared_with: frozenset[str]  # transferred to, invited, asked, the police it reached
    criminal: bool  # it has (had) a 行刑衔接 transfer


def may_see(department: str, parties: Parties, procuratorates: Iterable[str]) -> bool:
    """Whether ``department`` may see the case."""
    if department in (parties.department, parties.opened_by):
        return True
    if department in parties.shared_with:
        return True
    return parties.criminal and department in set(procuratorates)
