"""Proof bundles (IN-6): an honest bundle verifies identically, also in a fresh process;
a changed roster row, parameter, nonce or list is detected and named."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.inspection_draw.domain.proof import BundleError, ProofBundle, verify
from services.inspection_draw.domain.roster import RosterEntry, canonical_roster
from services.inspection_draw.domain.sampling import draw
from services.inspection_draw.domain.verification import first_difference
from tests.unit.inspection_draw.factories import (
    ENV,
    FOOD,
    RULES,
    bundle,
    committed,
    parameters,
    roster,
)

REPO = Path(__file__).resolve().parents[3]
ENTRIES = roster([(20, "A", False, None), (60, "B", False, None), (30, "C", False, "high"),
                  (20, "D", True, None)])
VERIFY = """
import sys
from pathlib import Path
from services.inspection_draw.domain.proof import ProofBundle, verify
outcome = verify(ProofBundle.from_json(Path(sys.argv[1]).read_bytes()))
print("identical" if outcome.identical else outcome.first_difference)
"""


@pytest.fixture(scope="module")
def honest() -> ProofBundle:
    return bundle(ENTRIES, parameters(matters=(FOOD, ENV)))


def reparsed(document: dict) -> ProofBundle:
    return ProofBundle.from_json(json.dumps(document, ensure_ascii=False))


def test_a_bundle_verifies_identically_in_a_fresh_process(honest: ProofBundle,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(honest.to_json(), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", VERIFY, str(path)], cwd=REPO,
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "identical"
    assert ProofBundle.from_json(path.read_bytes()) == honest


def test_a_changed_roster_row_is_named(honest: ProofBundle) -> None:
    document = honest.as_json()
    row = json.loads(document["roster"][5])
    row[1] = "D"  # a B-grade object recorded as D in the snapshot
    document["roster"][5] = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
    outcome = verify(reparsed(document))
    assert not outcome.identical
    assert outcome.first_difference.startswith("roster hash differs: bundle says ")


def test_a_changed_parameter_is_named(honest: ProofBundle) -> None:
    document = honest.as_json()
    document["commitment"]["parameters"]["ratio"] = "0.5"
    outcome = verify(reparsed(document))
    assert "commitment differs from its published hash" in outcome.first_difference
    # even with the published hash replaced too, the seed no longer matches
    tampered = reparsed(document)
    tampered = dataclasses.replace(tampered,
                                   commitment_hash=tampered.commitment.commitment_hash())
    assert verify(tampered).first_difference.startswith("seed differs")


def test_a_changed_nonce_is_named(honest: ProofBundle) -> None:
    document = honest.as_json()
    document["nonce"] = "0" * 64
    assert verify(reparsed(document)).first_difference == "nonce does not match the committed hash"


def test_a_changed_list_names_the_position(honest: ProofBundle) -> None:
    document = honest.as_json()
    outsider = next(e.uscc for e in ENTRIES
                    if e.grade == "B" and e.uscc not in honest.result.selected)
    document["result"]["selected"][2] = outsider
    assert verify(reparsed(document)).first_difference.startswith(
        "selected list differs at position 3")
    document = honest.as_json()
    team = document["assignment"]["teams"][0]["inspectors"]
    team[0], team[1] = team[1], team[0]
    assert verify(reparsed(document)).first_difference.startswith(
        "inspector team list differs at position 1")


def test_a_rerun_with_a_new_commitment_on_the_same_roster_differs() -> None:
    first, second = bundle(ENTRIES, parameters()), bundle(ENTRIES, parameters())
    assert verify(first).identical and verify(second).identical
    assert first.result.selected != second.result.selected  # fresh nonce, fresh seed


def test_an_unparsable_bundle_names_the_field(honest: ProofBundle) -> None:
    document = honest.as_json()
    document["commitment"]["parameters"]["year"] = "2026"
    with pytest.raises(BundleError, match=r"commitment\.parameters\.year: expected an integer"):
        reparsed(document)
    del document["result"]
    document["commitment"]["parameters"]["year"] = 2026
    with pytest.raises(BundleError) as raised:
        reparsed(document)
    assert raised.value.field == "result"
    with pytest.raises(BundleError, match="not valid JSON"):
        ProofBundle.from_json("{")


def test_a_lone_surrogate_in_a_bundle_is_named_not_carried_into_the_verdict(
        honest: ProofBundle) -> None:
    text = honest.to_json().replace(honest.result.seed_hex, "\\ud800")
    with pytest.raises(BundleError) as raised:
        ProofBundle.from_json(text)
    assert raised.value.field == "result.seed_hex" and "surrogate" in raised.value.problem


def test_a_committed_roster_that_is_not_canonical_is_named(honest: ProofBundle) -> None:
    lines = list(honest.roster)
    lines[0], lines[1] = lines[1], lines[0]
    outcome = first_difference(dataclasses.replace(honest, roster=tuple(lines)),
                               [RosterEntry.from_line(line) for line in lines])
    assert outcome == "roster snapshot is not in canonical order at line 1"


def test_commit_refuses_a_ratio_and_a_size_together() -> None:
    with pytest.raises(ValueError, match="ratio or a size"):
        committed(ENTRIES, parameters(ratio="0.1", size=3), "1" * 64)
    assert canonical_roster(ENTRIES[::-1]) == canonical_roster(ENTRIES)


def test_a_bundle_of_an_algorithm_this_verifier_does_not_implement_is_named(
        honest: ProofBundle) -> None:
    document = honest.as_json()
    document["commitment"]["algorithm_version"] = "jianguan-draw/1"
    document["rules"]["algorithm_version"] = "jianguan-draw/1"
    old = reparsed(document)
    old = dataclasses.replace(old, commitment_hash=old.commitment.commitment_hash())
    outcome = verify(old)
    assert not outcome.identical
    assert outcome.first_difference == (
        "algorithm differs: commitment says jianguan-draw/1, which this verifier does not "
        "implement (it implements jianguan-draw/3)")
    nonce = old.nonce
    with pytest.raises(ValueError, match="algorithm jianguan-draw/1, which this code does not"):
        draw(ENTRIES, old.commitment, nonce, None, RULES)
