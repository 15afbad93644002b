"""Reading a proof bundle (抽查证明包) from JSON: each field checked, a bad one named.

``BundleError.field`` is a dotted path such as ``commitment.parameters.year`` or
``result.selected[3]``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar

from services.inspection_draw.domain.commitment import (
    BeaconRef,
    DrawCommitment,
    DrawParameters,
    MatterRef,
)
from services.inspection_draw.domain.inspectors import (
    Assignment,
    Conflict,
    Inspector,
    InspectorExclusion,
)
from services.inspection_draw.domain.sampling import DrawResult, Exclusion, StratumOutcome
from services.inspection_draw.domain.strata import Stratum

T = TypeVar("T")


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
    return DrawCommitment(
        roster_hash=field(obj, "roster_hash", path, str),
        parameters=parameters,
        rule_version=field(obj, "rule_version", path, str),
        algorithm_version=field(obj, "algorithm_version", path, str),
        nonce_hash=field(obj, "nonce_hash", path, str),
        beacon=None if beacon is None else BeaconRef(
            field(beacon, "source", f"{path}.beacon", str),
            field(beacon, "round", f"{path}.beacon", int)),
    )


def result_from(obj: Any, path: str) -> DrawResult:
    def stratum(s: Any, where: str) -> StratumOutcome:
        probability = field(s, "probability", where, str)
        try:
            exact = Fraction(probability)
        except (ValueError, ZeroDivisionError) as exc:
            raise BundleError(f"{where}.probability", "expected a fraction like 3/60") from exc
        return StratumOutcome(
            Stratum(field(s, "grade", where, str), field(s, "risk", where, str),
                    field(s, "no_penalty_3y", where, bool)),
            field(s, "population", where, int), field(s, "sample_size", where, int), exact)

    return DrawResult(
        selected=items(obj, "selected", path, text),
        strata=items(obj, "strata", path, stratum),
        excluded=items(obj, "excluded", path, lambda e, w: Exclusion(
            field(e, "uscc", w, str), field(e, "reason", w, str))),
        seed_hex=field(obj, "seed_hex", path, str),
    )


def inspector_from(obj: Any, path: str) -> Inspector:
    return Inspector(
        field(obj, "inspector_id", path, str), field(obj, "department", path, str),
        field(obj, "certificate", path, (str, type(None))),
        frozenset(items(obj, "matters", path, text)), field(obj, "active", path, bool))


def conflict_from(obj: Any, path: str) -> Conflict:
    return Conflict(field(obj, "inspector_id", path, str), field(obj, "uscc", path, str),
                    field(obj, "reason", path, str))


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
