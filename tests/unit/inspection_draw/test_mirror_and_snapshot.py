"""The mirror's stored line prefixes and stratum labels, and a roster prepared from
snapshot columns, give exactly what the reference roster gives (hash, strata, draw)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from services.inspection_draw.domain.mirror import (
    TAIL,
    MirroredObject,
    stratum_from_label,
    to_signed,
)
from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.roster import RosterError, roster_hash
from services.inspection_draw.domain.sampling import draw_from_seed
from services.inspection_draw.domain.strata import Stratum
from shared.uscc import generate_many
from tests.unit.inspection_draw.factories import RULES, parameters, seed_number

GRADES = ("A", "B", "C", "D", None)


def mirrored(count: int = 300) -> list[tuple[MirroredObject, bool]]:
    codes = sorted(generate_many(count, seed=99))
    return [(MirroredObject(u, "370202", f"C{13 + i % 3}", GRADES[i % 5], i % 4 == 0,
                            "high" if i % 11 == 0 else None), i % 6 == 0)
            for i, u in enumerate(codes)]


def test_prefix_and_flag_make_the_canonical_line_and_the_label_its_stratum() -> None:
    for obj, inspected in mirrored(50):
        entry = obj.entry(inspected)
        assert obj.line_prefix() + TAIL[inspected] == entry.canonical_line()
        assert stratum_from_label(obj.stratum_label()) == Stratum.of(entry)
        key = np.array([obj.signed_key()], dtype=np.int64).view(np.uint64)[0]
        assert int(key) == int.from_bytes(hashlib.blake2b(obj.uscc.encode(),
                                                          digest_size=8).digest(), "big")
    assert to_signed((1 << 64) - 1) == -1 and to_signed(5) == 5


def test_a_region_that_is_not_a_plain_code_is_refused() -> None:
    with pytest.raises(RosterError, match="region"):
        MirroredObject("91370200MA3C5XYZ0A", '37"02', "C13", "B", False, None)


def test_a_roster_from_snapshot_columns_draws_exactly_like_the_reference() -> None:
    objects = mirrored()
    entries = [obj.entry(inspected) for obj, inspected in objects]
    lines = [obj.line_prefix() + TAIL[inspected] for obj, inspected in objects]
    digest = hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest()
    labels = [obj.stratum_label() for obj, _ in objects]
    fast = PreparedRoster.from_snapshot(
        digest, [obj.uscc for obj, _ in objects],
        np.array([obj.signed_key() for obj, _ in objects], dtype=np.int64).view(np.uint64),
        labels, {label: stratum_from_label(label) for label in set(labels)},
        np.array([inspected for _, inspected in objects]))
    assert fast.roster_hash == roster_hash(entries)
    for number in range(5):
        ours = draw_from_seed(fast, parameters(), seed_number(number), RULES)
        reference = draw_from_seed(entries, parameters(), seed_number(number), RULES)
        assert ours == reference


def test_a_snapshot_out_of_uscc_order_is_refused() -> None:
    objects = mirrored(3)
    usccs = [objects[1][0].uscc, objects[0][0].uscc, objects[2][0].uscc]
    with pytest.raises(RosterError, match="order"):
        PreparedRoster.from_snapshot("0" * 64, usccs, np.zeros(3, dtype=np.uint64),
                                     ["B||false"] * 3, {"B||false": Stratum("B", "", False)},
                                     np.zeros(3, dtype=bool))
