"""A roster snapshot prepared for drawing (``PreparedRoster``): built once per snapshot and
reused by every draw made from it.

It holds the entries in canonical order (sorted by USCC), their seed-independent
``uscc_key`` (see ``keys``) as a ``uint64`` array, the stratum of each entry as a small-int
index into the sorted ``strata``, and the "already inspected this year" flags. For the
per-stratum top-k the rows are also kept grouped by stratum (``order``, ``bounds``), USCC order
inside each group, so one stratum is one contiguous slice. Nothing here depends on a seed,
the task's parameters or the rules; the eligibility mask of a task comes from
``sampling.eligibility``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice, pairwise
from operator import lt

import numpy as np

from services.inspection_draw.domain.keys import uscc_keys as compute_uscc_keys
from services.inspection_draw.domain.roster import RosterEntry, RosterError, hash_lines
from services.inspection_draw.domain.strata import Stratum


@dataclass(frozen=True, eq=False)
class PreparedRoster:
    """Arrays of one roster snapshot, in canonical (USCC) order; read-only."""

    entries: tuple[RosterEntry, ...]
    """The entries; empty for a roster built ``from_snapshot`` (its lines were hashed)."""
    usccs: tuple[str, ...]
    uscc_keys: np.ndarray
    """``uint64``: ``keys.uscc_key`` of each entry."""
    strata: tuple[Stratum, ...]
    """The distinct strata of the entries, sorted."""
    stratum_index: np.ndarray
    """``int16``: each entry's position in ``strata``."""
    inspected: np.ndarray
    """``bool``: each entry's ``inspected_this_year``."""
    order: np.ndarray
    """Canonical row numbers grouped by stratum, USCC order inside each group."""
    bounds: tuple[int, ...]
    """Stratum s is ``order[bounds[s]:bounds[s + 1]]``."""
    grouped_keys: np.ndarray
    """``uscc_keys[order]``."""
    grouped_inspected: np.ndarray
    """``inspected[order]``."""
    known_hash: str | None = None
    """The roster hash, when the snapshot's lines were hashed as they were read."""

    @classmethod
    def from_entries(
        cls, entries: Iterable[RosterEntry], uscc_keys: Mapping[str, int] | None = None
    ) -> PreparedRoster:
        """Prepare a snapshot; a USCC listed twice raises ``RosterError``. ``uscc_keys`` may
        give the already computed ``keys.uscc_key`` of some or all USCCs (e.g. kept in the
        service's mirror); the rest are computed here. A wrong cached key gives a draw that
        ``verify`` (which always recomputes them) reports as different."""
        ordered = tuple(sorted(entries, key=lambda entry: entry.uscc))
        usccs = tuple(entry.uscc for entry in ordered)
        for previous, current in pairwise(usccs):
            if previous == current:
                raise RosterError(f"{current} is listed twice in the roster")
        if uscc_keys is None:
            keys = compute_uscc_keys(usccs)
        else:
            missing = [u for u in usccs if u not in uscc_keys]
            computed = dict(zip(missing, compute_uscc_keys(missing).tolist(), strict=True))
            keys = np.fromiter((uscc_keys.get(u, computed.get(u)) for u in usccs),
                               dtype=np.uint64, count=len(usccs))
        labels = [(e.grade or "ungraded", e.risk or "", e.no_penalty_3y) for e in ordered]
        inspected = np.fromiter((e.inspected_this_year for e in ordered), dtype=bool,
                                count=len(ordered))
        return cls._build(ordered, usccs, keys, labels, {label: Stratum(*label)
                                                         for label in set(labels)}, inspected)

    @classmethod
    def from_snapshot(
        cls, lines_hash: str, usccs: Sequence[str], uscc_keys: np.ndarray,
        labels: Sequence[Hashable], strata: Mapping[Hashable, Stratum], inspected: np.ndarray,
    ) -> PreparedRoster:
        """Prepare a snapshot read column-wise (e.g. from the service's mirror): USCCs in
        strictly increasing order, their ``uscc_key`` (``uint64``), a stratum label per row
        with ``strata`` naming each label's stratum, the inspected flags, and the hash of
        the snapshot's canonical lines. Out-of-order or repeated USCCs raise ``RosterError``.
        """
        if not all(map(lt, usccs, islice(usccs, 1, None))):  # the loop below only to name it
            for previous, current in pairwise(usccs):
                if previous >= current:
                    raise RosterError(
                        f"snapshot not in strictly increasing USCC order at {current}")
        keys = np.asarray(uscc_keys, dtype=np.uint64)
        return cls._build((), tuple(usccs), keys, labels, strata, np.asarray(inspected, bool),
                          lines_hash)

    @classmethod
    def _build(cls, entries: tuple[RosterEntry, ...], usccs: tuple[str, ...], keys: np.ndarray,
               labels: Sequence[Hashable], named: Mapping[Hashable, Stratum],
               inspected: np.ndarray, known_hash: str | None = None) -> PreparedRoster:
        strata = tuple(sorted(set(named.values())))
        position = {stratum: i for i, stratum in enumerate(strata)}
        number = {label: position[stratum] for label, stratum in named.items()}
        index = np.fromiter(map(number.__getitem__, labels), dtype=np.int16, count=len(labels))
        order = np.argsort(index, kind="stable")
        counts = np.bincount(index, minlength=len(strata))
        bounds = (0, *np.cumsum(counts).tolist())
        arrays = (keys, index, inspected, order, keys[order], inspected[order])
        for array in arrays:
            array.setflags(write=False)
        return cls(entries, usccs, keys, strata, index, inspected, order, bounds, *arrays[-2:],
                   known_hash=known_hash)

    def __len__(self) -> int:
        return len(self.usccs)

    def rows(self, stratum: int) -> slice:
        """The slice of ``order`` / ``grouped_keys`` holding one stratum."""
        return slice(self.bounds[stratum], self.bounds[stratum + 1])

    @cached_property
    def roster_hash(self) -> str:
        """``roster.roster_hash`` of the entries (computed once, on first use)."""
        if self.known_hash is not None:
            return self.known_hash
        return hash_lines(entry.canonical_line() for entry in self.entries)
