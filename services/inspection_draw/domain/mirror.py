"""The object roster mirror (检查对象名录库镜像): what a mirrored entity contributes to a
roster snapshot, computed once when credit-rating's events change it.

A snapshot line is ``prefix + ("true]" if inspected this year else "false]")`` where
``prefix`` is the canonical roster line (see ``roster``) without its last field; the
database keeps the prefix, the stratum label and the BLAKE2b key with the object, so a
snapshot of a million objects is one ordered read and no per-object JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from services.inspection_draw.domain.keys import uscc_key
from services.inspection_draw.domain.roster import RosterEntry, RosterError
from services.inspection_draw.domain.strata import Stratum

CODE = re.compile(r"^[0-9A-Za-z.\-]{1,16}$")
"""A region or industry code: plain ASCII, so its JSON text is the code in quotes."""
LABEL_SEPARATOR = "|"
TAIL = {True: "true]", False: "false]"}


@dataclass(frozen=True)
class MirroredObject:
    """An object as the mirror holds it; ``risk`` follows from the blacklist flag."""

    uscc: str
    region: str
    industry: str
    grade: str | None
    no_penalty_3y: bool
    risk: str | None

    def __post_init__(self) -> None:
        for name in ("region", "industry"):
            if not CODE.match(getattr(self, name)):
                raise RosterError(f"{self.uscc}: {name} {getattr(self, name)!r} is not a plain "
                                  "code (letters, digits, '.', '-'; at most 16)")

    def entry(self, inspected_this_year: bool) -> RosterEntry:
        return RosterEntry(self.uscc, self.grade, self.no_penalty_3y,  # type: ignore[arg-type]
                           self.region, self.industry, self.risk, inspected_this_year)

    def line_prefix(self) -> str:
        """The canonical line without its last field: ends with ``,``."""
        line = self.entry(False).canonical_line()
        return line[: -len(TAIL[False])]

    def stratum_label(self) -> str:
        return stratum_label(Stratum.of(self.entry(False)))

    def signed_key(self) -> int:
        """``keys.uscc_key`` as a signed 64-bit integer (two's complement), for SQL."""
        return to_signed(uscc_key(self.uscc))


def stratum_label(stratum: Stratum) -> str:
    return LABEL_SEPARATOR.join((stratum.grade, stratum.risk, json.dumps(stratum.no_penalty_3y)))


def stratum_from_label(label: str) -> Stratum:
    grade, risk, no_penalty = label.split(LABEL_SEPARATOR)
    return Stratum(grade, risk, no_penalty == "true")


def to_signed(key: int) -> int:
    return key - (1 << 64) if key >= 1 << 63 else key


def risk_of(blacklisted: bool, blacklist_risk_level: str | None) -> str | None:
    """The risk level a mirrored object is drawn with."""
    return blacklist_risk_level if blacklisted else None


def newer(held: int | None, incoming: int | None) -> bool:
    """Whether an event at version ``incoming`` changes a copy holding version ``held``
    of the same state (issue 20.1): only a higher version does, so events delivered out
    of order (a replay after a broker loss) leave the copy on the producer's latest state.
    An event without a version (a producer before versions) applies as it arrives, as
    does any event while nothing versioned is held."""
    return incoming is None or held is None or incoming > held


def held_after(held: int | None, incoming: int | None) -> int | None:
    """The version a copy holds after applying an event at ``incoming``."""
    return held if incoming is None else incoming
