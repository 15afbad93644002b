"""The verifier written only from docs/draw-spec.md (``verifier.py``, which imports nothing
from services/) agrees with the service's own verifier on 1,050 random bundles, honest and
tampered, drawn from random rosters, rules, parameters, inspector pools, redraws and drand
beacons; and every bundle the service makes matches the spec's JSON Schema."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import jsonschema

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.commitment import (
    BeaconRef,
    DrawParameters,
    Redraw,
    commit,
    inspector_pool_hash,
    new_nonce,
    rules_hash,
    seed,
)
from services.inspection_draw.domain.inspectors import (
    Conflict,
    Inspector,
    InspectorShortage,
    Visit,
    assign_inspectors,
)
from services.inspection_draw.domain.proof import BundleError, DrawInfo, ProofBundle, verify
from services.inspection_draw.domain.roster import RosterEntry, canonical_roster, roster_hash
from services.inspection_draw.domain.rules import load_draw_rules, parse_draw_rules
from services.inspection_draw.domain.sampling import DrawError, draw
from shared.uscc import generate_many
from tests.spec_verifier import verifier
from tests.unit.inspection_draw.factories import ENV, FOOD

BUNDLES = 1050
SPEC = Path(__file__).resolve().parents[2] / "docs" / "draw-spec.md"
RULES = load_draw_rules()
QUICKNET = BeaconRef("drand:quicknet", "bls-unchained-g1-rfc9380",
                     "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
                     "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a"
                     "0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274"
                     "ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a", 1692803367, 3, 1000)
ROUND_1000 = ("b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2b"
              "acbe47e4b6b63ed5e39")
ROUND_2 = ("b6b6a585449b66eb12e875b64fcbab3799861a00e4dbf092d99e969a5eac57dd3f798acf61e705fe"
           "4f093db926626807")
CODES = generate_many(400, seed=151515)


def spec_schema() -> dict[str, Any]:
    block = re.search(r"## 11\. JSON Schema of the bundle\s+```json\n(.*?)```", SPEC.read_text(),
                      re.S)
    assert block is not None
    return json.loads(block.group(1))


def random_rules(rng: random.Random) -> dict[str, Any]:
    doc = RULES.model_dump(mode="json")
    doc["sampling"]["minimum_overall_ratio"] = rng.choice(["0", "0.05", "0.2"])
    doc["sampling"]["no_penalty_reduction"] = rng.choice(["0.5", "0.5", "0.25", "0"])
    for grade in doc["grades"]:
        if grade["grade"] == "D":
            grade["multiplier"] = rng.choice(["1", "3", "6"])
        if grade["grade"] == "B" and rng.random() < 0.2:
            grade["max_ratio"] = rng.choice(["0", "0.01"])
    if rng.random() < 0.3:
        doc["risks"].append({"level": "none", "multiplier": "0"})
    doc["key_area_full_coverage"] = rng.random() < 0.8
    doc["redraws"]["max_per_task"] = rng.choice([0, 1, 2])
    return doc


def make_bundle(rng: random.Random) -> ProofBundle | None:
    rules_doc = random_rules(rng)
    rules = parse_draw_rules(rules_doc)
    risks = [None, None, "high", "medium", "low"] + (["none"] if len(rules.risks) > 3 else [])
    usccs = rng.sample(CODES, rng.randint(1, 60))
    entries = [RosterEntry(u, rng.choice(["A", "B", "C", "D", None]),  # type: ignore[arg-type]
                           rng.random() < 0.3, "370202", "C13", rng.choice(risks),
                           rng.random() < 0.15) for u in usccs]
    matters = (FOOD, ENV) if rng.random() < 0.4 else (FOOD,)
    size = rng.randint(1, 30) if rng.random() < 0.3 else None
    ratio = None if size else rng.choice([None, "0.01", "0.1", "0.33", "1"])
    params = DrawParameters(f"T-{rng.randint(1, 9)}", matters, 2026, rng.random() < 0.15,
                            ratio=ratio, size=size)
    people = [Inspector(f"{d}-{i:02d}", d, None if rng.random() < 0.1 else f"37{i:04d}",
                        frozenset({m}), rng.random() < 0.9)
              for d, m in (("SCJG", FOOD.code), ("STHJ", ENV.code))
              for i in range(rng.randint(2, 6))]
    conflicts = sorted({(rng.choice(people).inspector_id, rng.choice(usccs))
                        for _ in range(rng.randint(0, 6))})
    declared = [Conflict(i, u, f"{rng.getrandbits(256):064x}") for i, u in conflicts]
    people_doc = [codec.inspector_json(p) for p in people]
    conflicts_doc = [{"inspector_id": c.inspector_id, "uscc": c.uscc,
                      "declaration_hash": c.declaration_hash} for c in declared]
    sequence = rng.choice([1, 1, 1, 2, 3])
    redraw = None if sequence == 1 else Redraw("C-prev", rng.choice(["D-prev", None]), "重抽")
    beacon, value, committed_at = None, None, "2026-11-24T16:05:00+00:00"
    if rng.random() < 0.01:
        beacon, value, committed_at = QUICKNET, ROUND_1000, "2023-08-23T15:50:00+00:00"
    nonce = new_nonce()
    commitment = commit(roster_hash(entries), params, rule_version=rules.version,
                        rules_hash=rules_hash(rules_doc),
                        inspector_pool_hash=inspector_pool_hash(people_doc, conflicts_doc),
                        algorithm_version=rules.algorithm_version, nonce=nonce,
                        committed_at=committed_at, sequence=sequence, redraw=redraw,
                        beacon=beacon)
    try:
        result = draw(entries, commitment, nonce, value, rules)
        seed_bytes = seed(commitment, nonce, value)
        assignment = assign_inspectors([Visit(u, matters) for u in result.selected], people,
                                       declared, seed_bytes, rules.inspectors.min_per_visit)
    except (DrawError, InspectorShortage, ValueError):
        return None
    info = DrawInfo(f"D-{rng.getrandbits(40):x}", params.task_id, sequence,
                    None if redraw is None else redraw.replaces_draw,
                    None if redraw is None else redraw.reason)
    return ProofBundle(info, commitment, commitment.commitment_hash(), nonce, value,
                       canonical_roster(entries), rules_doc, tuple(people_doc),
                       tuple(conflicts_doc), result,
                       assignment if rng.random() < 0.9 else None)


def tamper(document: dict[str, Any], rng: random.Random) -> None:
    """One change a forger or a careless publisher might make."""
    result, commitment = document["result"], document["commitment"]
    choice = rng.randrange(14)
    if choice == 0 and result["selected"]:
        result["selected"][rng.randrange(len(result["selected"]))] = rng.choice(CODES)
    elif choice == 1 and result["strata"]:
        result["strata"][0]["sample_size"] += 1
        result["strata"][0]["probability"] = (f"{result['strata'][0]['sample_size']}/"
                                              f"{result['strata'][0]['population']}")
    elif choice == 2:
        document["nonce"] = f"{rng.getrandbits(256):064x}"
    elif choice == 3:
        next(g for g in document["rules"]["grades"] if g["grade"] == "D")["multiplier"] = "9"
    elif choice == 4 and document["inspectors"]:
        document["inspectors"].pop(rng.randrange(len(document["inspectors"])))
    elif choice == 5:
        document["draw"]["replaces"] = "D-hidden"
    elif choice == 6:
        commitment["sequence"] = 5
        document["draw"]["sequence"] = 5
    elif choice == 7 and result["excluded"]:
        result["excluded"][0]["reason"] = "grade A: not drawn"
    elif choice == 8 and document["assignment"] and document["assignment"]["teams"]:
        team = document["assignment"]["teams"][0]["inspectors"]
        team.reverse()
    elif choice == 9:
        document["beacon_value"] = ROUND_2 if commitment["beacon"] else "ab" * 48
    elif choice == 10 and document["roster"]:
        line = json.loads(document["roster"][0])
        line[6] = not line[6]
        document["roster"][0] = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
    elif choice == 11:
        commitment["parameters"]["ratio"] = "0.5"
    elif choice == 12:
        document["conflicts"].append({"inspector_id": "SCJG-00", "uscc": CODES[0],
                                      "declaration_hash": "0" * 64})
    if choice in (3, 6, 11, 12, 4) and rng.random() < 0.5:  # re-hash what can be re-hashed
        commitment["rules_hash"] = verifier.hashlib.sha256(
            verifier.cj(document["rules"])).hexdigest()
        document["commitment_hash"] = verifier.hashlib.sha256(verifier.cj(commitment)).hexdigest()


def service_says(text: str) -> bool:
    try:
        return verify(ProofBundle.from_json(text)).identical
    except BundleError:
        return False


def test_the_spec_only_verifier_agrees_with_the_service_on_random_bundles() -> None:
    rng = random.Random(20261207)
    schema = spec_schema()
    agreed = identical = tampered = 0
    while agreed < BUNDLES:
        made = make_bundle(rng)
        if made is None:
            continue
        document = json.loads(made.to_json())
        jsonschema.validate(document, schema)
        if rng.random() < 0.5:
            tamper(document, rng)
            tampered += 1
        text = json.dumps(document, ensure_ascii=False)
        ours, theirs = service_says(text), verifier.verify(json.loads(text))
        assert ours == theirs[0], (theirs[1], text[:2000])
        agreed += 1
        identical += ours
    # about half honest, half tampered (the mix moves with the nonces the draws make)
    assert agreed >= 1000 and identical > 400 and tampered > 400
    print(f"spec-only verifier agreed with the service on {agreed} bundles "
          f"({identical} identical, {agreed - identical} not)")
