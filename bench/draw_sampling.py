"""The draw sampling core (双随机 抽取) on 1,000,000 objects with 10,000 picks, against a
plain numpy exponential-keys + ``argpartition`` sample of the same size (goal ≤ 2×).

The core is ``draw_from_seed`` on a ``PreparedRoster`` (USCC keys and strata precomputed, as
the service keeps them in its mirror): eligibility, sample sizes, seed → per-object keys
(``jianguan-draw/2``, vectorised exact 64-bit arithmetic) → top-k per stratum → the sorted
list of 10,000 USCCs. 10,000 picks is 1%, below the shipped minimum overall ratio (5%, which
would top the draw up to 50,000), so the bench uses the shipped rules with
``minimum_overall_ratio`` set to 0. The best of ``ROUNDS`` runs of each is compared. The one-off
cost of preparing the roster (a BLAKE2b per USCC, sorting, strata) is reported separately,
for information.
"""

from __future__ import annotations

import hashlib
import time

import numpy as np

from bench.outcome import Goal, Outcome
from services.inspection_draw.bootstrap import build
from services.inspection_draw.config import Settings
from services.inspection_draw.domain.commitment import DrawParameters, MatterRef
from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.roster import RosterEntry
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.rules import parse_draw_rules
from services.inspection_draw.domain.sampling import draw_from_seed

OBJECTS = 1_000_000
PICKS = 10_000
ROUNDS = 3
GOAL = 2.0


def _roster() -> list[RosterEntry]:
    grades = ("B", "C", "D")
    return [
        RosterEntry(f"913702{i:011d}X", grades[i % 3], i % 7 == 0, "370202", "C13",
                    None, False)  # type: ignore[arg-type]
        for i in range(OBJECTS)
    ]


def _shipped_rules() -> DrawRuleFile:
    """The rules the service is built with (``bootstrap.build``; no database is opened)."""
    return build(Settings(database_url="sqlite+aiosqlite:///:memory:")).rules


def _core(prepared: PreparedRoster, seed: bytes, shipped: DrawRuleFile) -> float:
    snapshot = shipped.model_dump(mode="json")
    snapshot["sampling"]["minimum_overall_ratio"] = "0"
    rules = parse_draw_rules(snapshot)
    parameters = DrawParameters("BENCH", (MatterRef("SCJG-005", "SCJG"),), 2026, False,
                                size=PICKS)
    start = time.perf_counter()
    result = draw_from_seed(prepared, parameters, seed, rules)
    elapsed = time.perf_counter() - start
    assert len(result.selected) == PICKS, len(result.selected)
    return elapsed


def numpy_sample(seed: bytes) -> float:
    """Seconds for the plain numpy sample: exponential keys, weighted, and argpartition."""
    rng = np.random.default_rng(int.from_bytes(seed[:8], "big"))
    weights = np.array([1.0, 1.5, 3.0])[np.arange(OBJECTS) % 3]
    start = time.perf_counter()
    keys = rng.exponential(size=OBJECTS) / weights
    picked = np.argpartition(keys, PICKS)[:PICKS]
    elapsed = time.perf_counter() - start
    assert len(picked) == PICKS
    return elapsed


async def run(bootstrap: str) -> Outcome:
    """``bootstrap`` is ignored: no broker is involved."""
    roster = _roster()
    start = time.perf_counter()
    prepared = PreparedRoster.from_entries(roster)
    preparing = time.perf_counter() - start
    seed = hashlib.sha256(b"bench draw sampling").digest()
    shipped = _shipped_rules()
    core = min(_core(prepared, seed, shipped) for _ in range(ROUNDS))
    baseline = min(numpy_sample(seed) for _ in range(ROUNDS))
    ratio = core / baseline
    line = (f"draw sampling core: {core * 1000:.1f} ms vs numpy {baseline * 1000:.1f} ms = "
            f"{ratio:.2f}× (goal ≤ {GOAL:g}×; {OBJECTS:,} objects, {PICKS:,} picks, prepared "
            f"roster); one-off roster preparation (BLAKE2b keys, strata): {preparing:.2f} s")
    return Outcome(line, (Goal("sampling core vs numpy", ratio, GOAL, "×", at_least=False),))
