"""Reading a proof bundle (抽查证明包) from JSON: each field checked, a bad one named.

``BundleError.field`` is a dotted path such as ``commitment.parameters.year`` or
``result.selected[3]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar

from services.inspection_draw.domain.commitment import (
    BeaconRef,
    DrawCommitment,
    DrawParameters,
    MatterRef,
    Redraw,
)
from services.inspection_draw.domain.inspectors import (
    Assignment,
    Conflict,
    Inspector,
    InspectorExclusion,
)
from services.inspection_draw.domain.sampling import DrawResult, Exclusion, StratumOutcome
from services.inspection_draw.domain.strata import Stratum, fraction_text

T = TypeVar("T")
FRACTION = re.compile(r"^(0|[1-9][0-9]*)(/[1-9][0-9]*)?$")


@dataclass(frozen=True)
class DrawInfo:
    """Which draw a bundle proves: its id, task, the commitment's sequence number, the draw
    it replaces and the approved reason (both null for a task's first draw)."""

    draw_id: str
    task_id: str
    sequence: int
    replaces: str | None
    reason: str | None

    def as_json(self) -> dict[str, Any]:
        return {"draw_id": self.draw_id, "task_id": self.task_id, "sequence": self.sequence,
                "replaces": self.replaces, "reason": self.reason}


class BundleError(ValueError):
    """A bundle that does not parse; ``field`` names where."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"bundle field {field or '(root)'}: {problem}")
        self.field, self.problem = field, problem


def parse_json(text: str | bytes) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BundleError("", f"not valid JSON: {exc}") from exc
    return field(document, "", "", dict)


def field(obj: Any, key: str, path: str, kind: type[T] | tuple[type, ...]) -> T:
    """``obj[key]`` (or ``obj`` itself when key is "") checked to be of ``kind``."""
    where = f"{path}.{key}".strip(".") if key else path
    if key:
        if not isinstance(obj, dict) or key not in obj:
            raise BundleError(where, "missing")
        obj = obj[key]
    if isinstance(obj, bool) and bool not in _kinds(kind):
        raise BundleError(where, f"expected {_name(kind)}, got a boolean")
    if not isinstance(obj, kind):
        raise BundleError(where, f"expected {_name(kind)}, got {type(obj).__name__}")
    if isinstance(obj, str) and not obj.isascii():
        try:
            obj.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BundleError(where, "holds a lone surrogate (an escaped \\ud800-\\udfff "
                              "without its pair), which is not text") from exc
    return obj  # type: ignore[return-value]


def items(obj: Any, key: str, path: str, parse: Callable[[Any, str], T]) -> tuple[T, ...]:
    where = f"{path}.{key}".strip(".")
    values = field(obj, key, path, list)
    return tuple(parse(value, f"{where}[{i}]") for i, value in enumerate(values))


def text(value: Any, path: str) -> str:
    return field(value, "", path, str)


def commitment_from(obj: Any, path: str) -> DrawCommitment:
    p = field(obj, "parameters", path, dict)
    pp = f"{path}.parameters"
    parameters = DrawParameters(
        task_id=field(p, "task_id", pp, str),
        matters=items(p, "matters", pp, lambda m, w: MatterRef(
            field(m, "code", w, str), field(m, "department", w, str))),
        year=field(p, "year", pp, int),
        key_area=field(p, "key_area", pp, bool),
        ratio=field(p, "ratio", pp, (str, type(None))),
        size=field(p, "size", pp, (int, type(None))),
        strata_rule=field(p, "strata_rule", pp, str),
    )
    beacon = field(obj, "beacon", path, (dict, type(None)))
    redraw = field(obj, "redraw", path, (dict, type(None)))
    bp, rp = f"{path}.beacon", f"{path}.redraw"
    return DrawCommitment(
        roster_hash=field(obj, "roster_hash", path, str),
        parameters=parameters,
        rule_version=field(obj, "rule_version", path, str),
        rules_hash=field(obj, "rules_hash", path, str),
        inspector_pool_hash=field(obj, "inspector_pool_hash", path, str),
        algorithm_version=field(obj, "algorithm_version", path, str),
        nonce_hash=field(obj, "nonce_hash", path, str),
        committed_at=field(obj, "committed_at", path, str),
        sequence=field(obj, "sequence", path, int),
        redraw=None if redraw is None else Redraw(
            field(redraw, "replaces_commitment", rp, str),
            field(redraw, "replaces_draw", rp, (str, type(None))),
            field(redraw, "reason", rp, str)),
        beacon=None if beacon is None else BeaconRef(
            field(beacon, "source", bp, str), field(beacon, "scheme", bp, str),
            field(beacon, "chain_hash", bp, str), field(beacon, "public_key", bp, str),
            field(beacon, "genesis_time", bp, int), field(beacon, "period_seconds", bp, int),
            field(beacon, "round", bp, int)),
    )


def draw_from(obj: Any, path: str) -> DrawInfo:
    return DrawInfo(field(obj, "draw_id", path, str), field(obj, "task_id", path, str),
                    field(obj, "sequence", path, int),
                    field(obj, "replaces", path, (str, type(None))),
                    field(obj, "reason", path, (str, type(None))))


def result_from(obj: Any, path: str) -> DrawResult:
    def stratum(s: Any, where: str) -> StratumOutcome:
        population = field(s, "population", where, int)
        size = field(s, "sample_size", where, int)
        expected = exact_fraction(field(s, "expected_size", where, str),
                                  f"{where}.expected_size")
        if population < 1:
            raise BundleError(f"{where}.population", "a stratum has at least one object")
        outcome = StratumOutcome(
            Stratum(field(s, "grade", where, str), field(s, "risk", where, str),
                    field(s, "no_penalty_3y", where, bool)), population, expected, size)
        for name, text in stratum_texts(outcome).items():
            if field(s, name, where, str) != text:
                raise BundleError(f"{where}.{name}", f"expected {text} for this stratum")
        return outcome

    return DrawResult(
        selected=items(obj, "selected", path, text),
        strata=items(obj, "strata", path, stratum),
        excluded=items(obj, "excluded", path, lambda e, w: Exclusion(
            field(e, "uscc", w, str), field(e, "reason", w, str))),
        seed_hex=field(obj, "seed_hex", path, str),
    )


def exact_fraction(text_value: str, where: str) -> Fraction:
    if not FRACTION.match(text_value):
        raise BundleError(where, "expected an exact fraction like 21/50 or a whole number")
    value = Fraction(text_value)
    if fraction_text(value) != text_value:
        raise BundleError(where, f"write the fraction in lowest terms: {fraction_text(value)}")
    return value


def stratum_texts(outcome: StratumOutcome) -> dict[str, str]:
    """The text fields of a published stratum: realised n/N, expected size, x/N."""
    return {"probability": f"{outcome.sample_size}/{outcome.population}",
            "expected_size": fraction_text(outcome.expected_size),
            "inclusion_probability": fraction_text(outcome.probability)}


def stratum_json(outcome: StratumOutcome) -> dict[str, Any]:
    key = outcome.key
    return {"grade": key.grade, "risk": key.risk, "no_penalty_3y": key.no_penalty_3y,
            "population": outcome.population, "sample_size": outcome.sample_size,
            **stratum_texts(outcome)}


def result_json(result: DrawResult) -> dict[str, Any]:
    return {"selected": list(result.selected),
            "strata": [stratum_json(s) for s in result.strata],
            "excluded": [{"uscc": u, "reason": r} for u, r in result.excluded],
            "seed_hex": result.seed_hex}


def assignment_json(assignment: Assignment) -> dict[str, Any]:
    return {"teams": [{"uscc": u, "inspectors": list(team)} for u, team in assignment.teams],
            "exclusions": [{"uscc": e.uscc, "inspector_id": e.inspector_id,
                            "reason": e.reason} for e in assignment.exclusions]}


def inspector_document(obj: Any, path: str) -> dict[str, Any]:
    """An inspector of the pool, checked, kept as given (the pool hash is over the text)."""
    inspector_from(obj, path)
    return obj  # type: ignore[no-any-return]


def conflict_document(obj: Any, path: str) -> dict[str, Any]:
    conflict_from(obj, path)
    return obj  # type: ignore[no-any-return]


def inspector_json(inspector: Inspector) -> dict[str, Any]:
    return {"inspector_id": inspector.inspector_id, "department": inspector.department,
            "certificate": inspector.certificate, "matters": sorted(inspector.matters),
            "active": inspector.active}


def inspector_from(obj: Any, path: str) -> Inspector:
    return Inspector(
        field(obj, "inspector_id", path, str), field(obj, "department", path, str),
        field(obj, "certificate", path, (str, type(None))),
        frozenset(items(obj, "matters", path, text)), field(obj, "active", path, bool))


def conflict_from(obj: Any, path: str) -> Conflict:
    return Conflict(field(obj, "inspector_id", path, str), field(obj, "uscc", path, str),
                    field(obj, "declaration_hash", path, str))


def assignment_from(obj: Any, path: str) -> Assignment:
    return Assignment(
        teams=items(obj, "teams", path, lambda t, w: (
            field(t, "uscc", w, str), items(t, "inspectors", w, text))),
        exclusions=items(obj, "exclusions", path, lambda e, w: InspectorExclusion(
            field(e, "uscc", w, str), field(e, "inspector_id", w, str),
            field(e, "reason", w, str))),
    )


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", bool: "true or false", list: "a list",
             dict: "an object", type(None): "null"}
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))
