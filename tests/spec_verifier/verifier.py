"""A verifier of jianguan-draw/3 proof bundles written only from docs/draw-spec.md.

It imports nothing from the service (nor from ``shared``): the standard library, and py_ecc
for the BLS check of a drand beacon. ``verify(bundle) -> (identical, why)``; run as
``python tests/spec_verifier/verifier.py BUNDLE.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from datetime import datetime
from fractions import Fraction
from itertools import pairwise
from typing import Any

ALGORITHM = "jianguan-draw/3"
FORMAT = "jianguan-draw-proof/2"
MASK = (1 << 64) - 1
DST = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"
LATEST = 4102444800  # 2100-01-01T00:00:00Z


class NotIdentical(Exception):
    pass


def cj(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def frac(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else \
        f"{value.numerator}/{value.denominator}"


def need(condition: bool, why: str) -> None:
    if not condition:
        raise NotIdentical(why)


def verify(bundle: dict[str, Any]) -> tuple[bool, str]:
    try:
        _verify(bundle)
    except NotIdentical as exc:
        return False, str(exc)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError,
            StopIteration, OverflowError) as exc:
        return False, f"malformed: {exc!r}"
    return True, "identical"


def _verify(b: dict[str, Any]) -> None:
    need(b["format"] == FORMAT, "format")
    c, d, rules = b["commitment"], b["draw"], b["rules"]
    need(hashlib.sha256(cj(c)).hexdigest() == b["commitment_hash"], "commitment hash")
    redraw = c["redraw"]
    need(d["task_id"] == c["parameters"]["task_id"], "draw task")
    need(d["sequence"] == c["sequence"], "draw sequence")
    need(d["replaces"] == (None if redraw is None else redraw["replaces_draw"]), "replaces")
    need(d["reason"] == (None if redraw is None else redraw["reason"]), "reason")
    need(type(c["sequence"]) is int and c["sequence"] >= 1, "sequence")
    need((c["sequence"] == 1) == (redraw is None), "sequence vs redraw")
    entries = [_line(line) for line in b["roster"]]
    usccs = [e[0] for e in entries]
    need(all(a < z for a, z in pairwise(usccs)), "roster order")
    roster_hash = hashlib.sha256(b"".join(line.encode() + b"\n" for line in b["roster"]))
    need(roster_hash.hexdigest() == c["roster_hash"], "roster hash")
    need(c["algorithm_version"] == ALGORITHM and rules["algorithm_version"] == ALGORITHM,
         "algorithm")
    need(hashlib.sha256(cj(rules)).hexdigest() == c["rules_hash"], "rules hash")
    need(rules["version"] == c["rule_version"], "rule version")
    need(c["sequence"] <= 1 + rules["redraws"]["max_per_task"], "redraw cap")
    pool = {"conflicts": b["conflicts"], "inspectors": b["inspectors"]}
    need(hashlib.sha256(cj(pool)).hexdigest() == c["inspector_pool_hash"], "pool hash")
    nonce = b["nonce"]
    need(len(nonce) == 64 and nonce == nonce.lower(), "nonce form")
    need(hashlib.sha256(bytes.fromhex(nonce)).hexdigest() == c["nonce_hash"], "nonce hash")
    _beacon(c, b["beacon_value"])
    seed = sha(cj({"beacon_value": b["beacon_value"], "commitment": c, "nonce": nonce}))
    need(b["result"]["seed_hex"] == seed.hex(), "seed")
    strata, selected, excluded = _objects(entries, c["parameters"], rules, seed)
    need(b["result"]["strata"] == strata, "strata")
    need(b["result"]["selected"] == selected, "selected")
    need(b["result"]["excluded"] == excluded, "excluded")
    if b["assignment"] is not None:
        need(b["assignment"] == _assign(selected, c["parameters"]["matters"], b["inspectors"],
                                        b["conflicts"], seed, rules), "assignment")


def _line(line: str) -> list[Any]:
    fields = json.loads(line)
    need(isinstance(fields, list) and len(fields) == 7, "roster line")
    need(json.dumps(fields, ensure_ascii=False, separators=(",", ":")) == line, "line form")
    uscc, grade, clean, region, industry, risk, inspected = fields
    need(all(isinstance(v, str) for v in (uscc, region, industry)), "line strings")
    need(grade in ("A", "B", "C", "D", None), "grade")
    need(isinstance(clean, bool) and isinstance(inspected, bool), "flags")
    need(risk is None or isinstance(risk, str), "risk")
    return fields


def _beacon(c: dict[str, Any], value: Any) -> None:
    beacon = c["beacon"]
    if beacon is None:
        need(value is None, "beacon value without beacon")
        return
    need(isinstance(value, str), "beacon value missing")
    need(beacon["scheme"] == "bls-unchained-g1-rfc9380", "scheme")
    at = beacon["genesis_time"] + (beacon["round"] - 1) * beacon["period_seconds"]
    committed = datetime.fromisoformat(c["committed_at"])
    need(committed.tzinfo is not None and 0 <= at <= LATEST and at > committed.timestamp(),
         "round not after the commitment")
    need(len(value) == 96 and all(ch in "0123456789abcdef" for ch in value), "signature form")
    need(len(beacon["public_key"]) == 192, "public key form")
    need(_bls(bytes.fromhex(beacon["public_key"]), sha(beacon["round"].to_bytes(8, "big")),
              bytes.fromhex(value)), "signature")


_BLS_SEEN: dict[tuple[bytes, bytes, bytes], bool] = {}


def _bls(public_key: bytes, message: bytes, signature: bytes) -> bool:
    key = (public_key, message, signature)
    if key not in _BLS_SEEN:
        from py_ecc.bls.hash_to_curve import hash_to_G1
        from py_ecc.bls.point_compression import decompress_G1, decompress_G2
        from py_ecc.optimized_bls12_381 import FQ12, G2, curve_order, is_inf, multiply, neg
        from py_ecc.optimized_bls12_381.optimized_pairing import (
            final_exponentiate,
            miller_loop,
        )
        try:
            pk = decompress_G2((int.from_bytes(public_key[:48], "big"),
                                int.from_bytes(public_key[48:], "big")))
            sig = decompress_G1(int.from_bytes(signature, "big"))
        except (ValueError, TypeError):
            _BLS_SEEN[key] = False
            return False
        ok = not is_inf(sig) and is_inf(multiply(sig, curve_order))
        if ok:
            h = hash_to_G1(message, DST, hashlib.sha256)
            ok = final_exponentiate(miller_loop(G2, sig, False) * miller_loop(neg(pk), h, False)) \
                == FQ12.one()
        _BLS_SEEN[key] = ok
    return _BLS_SEEN[key]


def _grade_rule(rules: dict[str, Any], grade: str) -> dict[str, Any]:
    return next(g for g in rules["grades"] if g["grade"] == grade)


def _risk(rules: dict[str, Any], level: str) -> Fraction | None:
    if not level:
        return Fraction(1)
    found = [r for r in rules["risks"] if r["level"] == level]
    return Fraction(found[0]["multiplier"]) if found else None


def _objects(entries: list[list[Any]], p: dict[str, Any], rules: dict[str, Any],
             seed: bytes) -> tuple[list[dict[str, Any]], list[str], list[dict[str, str]]]:
    full = p["key_area"] and rules["key_area_full_coverage"]
    v, year = rules["version"], p["year"]
    reduction = Fraction(rules["sampling"]["no_penalty_reduction"])
    members: dict[tuple[str, str, bool], list[str]] = {}
    excluded = []
    for uscc, grade, clean, _region, _industry, risk, inspected in entries:
        g, r = grade or "ungraded", risk or ""
        rule = _grade_rule(rules, g)
        reason = None
        if not full:
            if Fraction(rule["multiplier"]) == 0:
                reason = f"grade {g}: multiplier 0 in draw rules {v} (非请勿扰), not drawn for ordinary matters"  # noqa: E501
            elif Fraction(rule["max_ratio"]) == 0:
                reason = f"grade {g}: max_ratio 0 in draw rules {v}, not drawn for ordinary matters"
            elif r and _risk(rules, r) == 0:
                reason = f"risk level {r}: multiplier 0 in draw rules {v}, not drawn for ordinary matters"  # noqa: E501
            elif clean and reduction == 0:
                reason = f"no administrative penalty for three years: reduction 0 in draw rules {v}, not drawn for ordinary matters"  # noqa: E501
            elif rule["at_most_once_a_year"] and inspected:
                reason = f"grade {g}: already randomly inspected in {year}; at most once a calendar year across all departments"  # noqa: E501
        if reason is None:
            members.setdefault((g, r, clean), []).append(uscc)
        else:
            excluded.append({"uscc": uscc, "reason": reason})
    need(bool(members), "no eligible object")
    for (_g, r, _c) in members:
        need(_risk(rules, r) is not None, "unknown risk level")
    order = sorted(members)
    population = {s: len(members[s]) for s in order}
    total = sum(population.values())
    if full:
        x = {s: Fraction(population[s]) for s in order}
    else:
        base = Fraction(p["ratio"]) if p["ratio"] is not None else \
            Fraction(rules["sampling"]["base_ratio"])
        w = {}
        for s in order:
            rule = _grade_rule(rules, s[0])
            ratio = base * Fraction(rule["multiplier"]) * _risk(rules, s[1])  # type: ignore[operator]
            if s[2]:
                ratio *= reduction
            w[s] = population[s] * min(ratio, Fraction(rule["max_ratio"]))
        m = math.ceil(Fraction(rules["sampling"]["minimum_overall_ratio"]) * total)
        if p["size"] is not None:
            x = _fill(max(min(p["size"], total), m), w, population, order)
        elif sum(w.values()) < m:
            x = _fill(m, w, population, order)
        else:
            x = w
    u = Fraction(int.from_bytes(sha(b"jianguan-draw/3 rounding" + seed)[:8], "big"), 2**64)
    s0, s1 = int.from_bytes(seed[0:8], "big"), int.from_bytes(seed[8:16], "big")
    running, strata, selected = Fraction(0), [], []
    for s in order:
        n = math.floor(running + x[s] + u) - math.floor(running + u)
        running += x[s]
        keyed = sorted((_key(uscc, s0, s1), uscc) for uscc in members[s])
        selected += [uscc for _, uscc in keyed[:n]]
        strata.append({"grade": s[0], "risk": s[1], "no_penalty_3y": s[2],
                       "population": population[s], "sample_size": n,
                       "probability": f"{n}/{population[s]}", "expected_size": frac(x[s]),
                       "inclusion_probability": frac(x[s] / population[s])})
    return strata, sorted(selected), excluded


def _fill(goal: int, w: dict[Any, Fraction], cap: dict[Any, int], order: list[Any]
          ) -> dict[Any, Fraction]:
    x: dict[Any, Fraction] = {}
    open_, rest = list(order), Fraction(goal)
    while open_:
        k = rest / sum(w[s] for s in open_)
        full = [s for s in open_ if k * w[s] >= cap[s]]
        if not full:
            for s in open_:
                x[s] = k * w[s]
            break
        for s in full:
            x[s] = Fraction(cap[s])
            rest -= cap[s]
        open_ = [s for s in open_ if s not in full]
    return {s: x.get(s, Fraction(0)) for s in order}


def _fmix(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & MASK
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & MASK
    return k ^ (k >> 33)


def _key(uscc: str, s0: int, s1: int) -> int:
    base = int.from_bytes(hashlib.blake2b(uscc.encode("ascii"), digest_size=8).digest(), "big")
    return _fmix(_fmix(base ^ s0) ^ s1)


def _assign(selected: list[str], matters: list[dict[str, str]], inspectors: list[dict[str, Any]],
            conflicts: list[dict[str, str]], seed: bytes, rules: dict[str, Any]
            ) -> dict[str, Any]:
    pool = sorted((i for i in inspectors if i["active"] and i["certificate"] is not None),
                  key=lambda i: i["inspector_id"])
    declared = {(c["inspector_id"], c["uscc"]): c["declaration_hash"] for c in conflicts}
    codes: dict[str, set[str]] = {}
    for m in matters:
        codes.setdefault(m["department"], set()).add(m["code"])
    departments = sorted(codes)
    size = max(rules["inspectors"]["min_per_visit"], len(departments))
    load = {i["inspector_id"]: 0 for i in pool}
    teams, exclusions = [], []
    for uscc in selected:
        qualified = [i for i in pool if i["department"] in codes
                     and codes[i["department"]] <= set(i["matters"])]
        free = []
        for i in qualified:
            if (i["inspector_id"], uscc) in declared:
                exclusions.append({"uscc": uscc, "inspector_id": i["inspector_id"],
                                   "reason": "回避: declared conflict "
                                             f"{declared[(i['inspector_id'], uscc)]}"})
            else:
                free.append(i)
        free.sort(key=lambda i: (load[i["inspector_id"]], hashlib.blake2b(
            f"{uscc}|{i['inspector_id']}".encode(), key=seed, digest_size=16).digest()))
        team = []
        for department in departments:
            own = [i["inspector_id"] for i in free if i["department"] == department]
            need(bool(own), "inspector shortage")
            team.append(own[0])
        team += [i["inspector_id"] for i in free if i["inspector_id"] not in team]
        need(len(team) >= size, "inspector shortage")
        team = team[:size]
        for member in team:
            load[member] += 1
        teams.append({"uscc": uscc, "inspectors": team})
    return {"teams": teams, "exclusions": exclusions}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        identical, why = verify(json.load(handle))
    print(why)
    sys.exit(0 if identical else 1)
