"""The serious-dishonesty list (严重失信主体名单 / 黑名单, CR-5) and the joint punishment
measures (联合惩戒措施) a department applies to a listed entity.

Listing is a decision where the rule data says so (issue 16.5): a serious record or a
judicial transfer proposes it to the department that made the record, and lists the
entity once that department confirms it (``ListingDecision``); the rest is automatic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.periods import add_years
from services.credit_rating.domain.publicity import weighs_on
from services.credit_rating.domain.records import RecordFacts, RecordKind
from services.credit_rating.domain.rule_models import Measure
from services.credit_rating.domain.rules import CreditRules

__all__ = ["BlacklistDecision", "ListingDecision", "Measure", "Proposal", "assess_blacklist",
           "measures_for"]


SERIOUS_RECORDS, JUDICIAL_TRANSFER = "serious_records", "judicial_transfer"


@dataclass(frozen=True)
class ListingDecision:
    """A proposed listing (列入建议) and what its department decided: ``confirmed`` True
    (列入决定, dated ``decided_on``), False (declined) or None (not decided yet)."""

    id: str
    department: str
    record_ids: tuple[str, ...]
    proposed_on: date
    confirmed: bool | None = None
    decided_on: date | None = None

    def confirmed_by(self, as_of: date) -> bool:
        return bool(self.confirmed) and self.decided_on is not None \
            and self.decided_on <= as_of

    @property
    def known_on(self) -> date:
        """The day it stood as it stands now: decided, else proposed."""
        return self.decided_on if self.confirmed is not None and self.decided_on \
            else self.proposed_on


@dataclass(frozen=True)
class Proposal:
    """Records that call for a listing the department that made them has to decide."""

    department: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class BlacklistDecision:
    """Whether the entity is listed, why, and on which records; ``proposals``: listings
    to be proposed now; ``listed_since``: the day of the decision that listed it."""

    listed: bool
    reason: str
    record_ids: tuple[str, ...]
    proposals: tuple[Proposal, ...] = ()
    listed_since: date | None = None


def listing_trigger(record: RecordFacts, rules: CreditRules) -> str | None:
    """Which listing trigger a negative record is: a judicial transfer (whatever its
    severity), a record of the rule's severities, or none."""
    if not record.negative:
        return None
    if record.kind is RecordKind.JUDICIAL_TRANSFER:
        return JUDICIAL_TRANSFER
    return SERIOUS_RECORDS if record.severity in rules.blacklist.severities else None


def assess_blacklist(
    records: Iterable[RecordFacts], rules: CreditRules, as_of: date,
    abnormal_since: date | None = None, decisions: Iterable[ListingDecision] = (),
) -> BlacklistDecision:
    """Listed on ``as_of`` while at least ``blacklist.min_records`` listing records weigh
    (active or under objection, within their publicity window) and each is listed: by
    a confirmed decision of its department (``decisions``) dated by then, or by a
    trigger the rule lists automatically; or while the entity has been on the
    经营异常名录 without a break since ``abnormal_since`` for the rule's years.

    Weighing records that call for a decision and are in no proposal yet are proposed
    (``proposals``, one per department), as soon as they are enough to list.
    """
    rule = rules.blacklist
    abnormal = _abnormal_too_long(abnormal_since, rules, as_of)
    decisions = [d for d in decisions if d.known_on <= as_of]
    weighing = sorted(
        (r for r in records
         if listing_trigger(r, rules) is not None and weighs_on(r, as_of, rules)),
        key=lambda record: (record.decided_on, record.id),
    )
    confirmed = {rid: d for d in decisions if d.confirmed_by(as_of) for rid in d.record_ids}
    counted = [r for r in weighing if r.id in confirmed
               or getattr(rule.listing, listing_trigger(r, rules) or "") == "automatic"]
    proposals = _proposals(weighing, decisions, rules) \
        if len(weighing) >= rule.min_records else ()
    enough = len(counted) >= rule.min_records
    ids = tuple(record.id for record in counted) if enough else ()
    if not enough and abnormal is None:
        return BlacklistDecision(False, "无列入的严重失信记录 / no serious record listed",
                                 (), proposals)
    reasons = [abnormal] if abnormal is not None else []
    since = None
    if enough:
        kinds = "、".join(dict.fromkeys(record.kind.chinese for record in counted))
        by = sorted({(confirmed[i].decided_on, confirmed[i].department) for i in ids
                     if i in confirmed}, key=str)
        decided = "".join(f"; {dept} {day.isoformat()} 决定列入 / listed by {dept}'s "
                          f"decision of {day.isoformat()}" for day, dept in by)
        reasons.insert(0, f"存在 {len(ids)} 条公示期内的严重失信记录({kinds}) / {len(ids)} "
                       f"serious record(s) within their publicity window: {', '.join(ids)}"
                       + decided)
        since = min((day for day, _ in by), default=None)
    return BlacklistDecision(True, "; ".join(reasons), ids, proposals, since)


def _proposals(weighing: list[RecordFacts], decisions: list[ListingDecision],
               rules: CreditRules) -> tuple[Proposal, ...]:
    covered = {rid for decision in decisions for rid in decision.record_ids}
    by_department: dict[str, list[str]] = {}
    for record in weighing:
        if record.id not in covered and \
                getattr(rules.blacklist.listing, listing_trigger(record, rules) or "") \
                == "decision":
            by_department.setdefault(record.department, []).append(record.id)
    return tuple(Proposal(dept, tuple(ids)) for dept, ids in sorted(by_department.items()))


def _abnormal_too_long(since: date | None, rules: CreditRules, as_of: date) -> str | None:
    """The reason, when the entity has been on the 经营异常名录 since ``since`` for the
    rule's years (``abnormal_list.serious_after_years``) on ``as_of``."""
    if since is None:
        return None
    rule = rules.abnormal_list
    due = add_years(since, rule.serious_after_years)
    if as_of < due:
        return None
    return (f"列入经营异常名录(自 {since.isoformat()})满 {rule.serious_after_years} 年未移出 / "
            f"on the abnormal operations list since {since.isoformat()}, "
            f"{rule.serious_after_years} years on {due.isoformat()} ({rule.basis})")


def measures_for(
    department: str, matter: str | None, rules: CreditRules, persons: bool = False
) -> list[Measure]:
    """The measures ``department`` implements against a listed entity for ``matter``.

    ``matter`` is a matter code (its category from matters.yaml also matches) or a
    category; None gives all of the department's measures. ``persons=True`` keeps only
    those extending to the legal representative and responsible persons.
    """
    keys = set() if matter is None else {matter, rules.matter_categories.get(matter, matter)}
    return [
        measure
        for measure in rules.measures
        if measure.department == department
        and (matter is None or not measure.matters or keys & set(measure.matters))
        and (measure.applies_to_persons or not persons)
    ]
