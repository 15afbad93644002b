"""Matching a named subject against the entity mirror (主体匹配, CP-1).

A complaint names its subject by USCC, or by name and address. A USCC is looked up
exactly; a name is compared with the mirror's names by bigram similarity (the same
measure as the duplicate check), and the best at or above the rule threshold is the
match, stored with its score. Legal-form suffixes (有限公司 …) are kept: they tell
a 分公司 from its parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.complaint_intake.domain.duplicates import normalise, similarity
from services.complaint_intake.domain.rules import ComplaintRules


@dataclass(frozen=True)
class EntityMatch:
    """The mirrored entity a name matched, and how well (1.0: the same normalised name)."""

    uscc: str
    name: str
    score: float


def name_key(name: str) -> str:
    """The normalised name the mirror is indexed by: NFKC, lower case, no punctuation."""
    return normalise(name)


def best_match(name: str, candidates: Iterable[tuple[str, str]],
               rules: ComplaintRules) -> EntityMatch | None:
    """The best of ``candidates`` (USCC, registered name) for ``name``, or ``None`` when
    none reaches the threshold. Ties go to the first candidate."""
    wanted = name_key(name)
    best: EntityMatch | None = None
    for uscc, registered in candidates:
        score = 1.0 if name_key(registered) == wanted else similarity(name, registered)
        if score >= rules.entity_match.threshold and (best is None or score > best.score):
            best = EntityMatch(uscc=uscc, name=registered, score=round(score, 4))
    return best


def entity_key(uscc: str | None, name: str | None) -> str:
    """The key duplicates are grouped by: the USCC, else ``name:`` and the normalised name."""
    if uscc:
        return uscc
    return "name:" + name_key(name or "")[:200]
