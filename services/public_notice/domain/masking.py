"""Masking and publication bans (脱敏与不予公开, PN-4), on the texts of a notice.

Before a notice is stored its texts are screened: a text that says the party is a minor,
or carries the ID number of someone under age on the decision day, blocks the notice
(nothing about a minor is published); a secret mark blocks it too (国家秘密, 商业秘密).
What may be published is masked by the rules of ``notice_rules.yaml``: ID numbers,
phones, bank accounts, e-mail, home addresses, health data and third parties' names.
Only the masked text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.public_notice.domain.rules import CompiledMask, NoticeRules
from shared.uscc import InvalidUSCC, validate

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_SEPARATORS = re.compile(r"[ -]")


@dataclass(frozen=True)
class Screening:
    """What screening found: a reason that blocks publication, or the masked texts and
    the codes of the masking rules that applied."""

    blocked: str | None  # "minor", "state_secret", "trade_secret"
    texts: tuple[str, ...]
    masked: tuple[str, ...]


def screen(texts: Sequence[str], decided_on: date, rules: NoticeRules) -> Screening:
    """Block or mask ``texts`` (the notice's title, summary, bases …) as PN-4 says."""
    masked, found = [], set()
    for text in texts:
        blocked, result, codes = _screened(text, decided_on, rules)
        if blocked is not None:
            return Screening(blocked, (), ())
        masked.append(result)
        found.update(codes)
    return Screening(None, tuple(masked), tuple(sorted(found)))


def _screened(text: str, decided_on: date, rules: NoticeRules
              ) -> tuple[str | None, str, tuple[str, ...]]:
    """One text: (what blocks it, or None; the text masked; the rules that masked).

    Remembered per rule set: a batch of notices repeats its titles and bases. The day
    is part of the key only for a text with an ID number (a minor is one on that day).
    """
    if not text:
        return None, text, ()
    key = (text, decided_on if _ID_NUMBER.search(text) else None)
    cache = rules.screened
    found = cache.get(key)
    if found is None:
        if minor_in(text, decided_on, rules):
            found = ("minor", "", ())
        elif (secret := secret_in(text, rules)) is not None:
            found = (secret, "", ())
        else:
            found = (None, *mask(text, rules))
        if len(cache) >= 10_000:
            cache.clear()
        cache[key] = found
    return found  # type: ignore[return-value]


def mask(text: str, rules: NoticeRules) -> tuple[str, tuple[str, ...]]:
    """``text`` with personal data masked, and the codes of the rules that masked any."""
    found = []
    for compiled in rules.masks:
        masked = _apply(text, compiled, rules)
        if masked != text:
            found.append(compiled.rule.code)
        text = masked
    return text, tuple(found)


def _apply(text: str, compiled: CompiledMask, rules: NoticeRules) -> str:
    """Every match of the rule masked; a match that is nothing to mask (a credit code,
    a word that is no name) is skipped and the search goes on one character later, so
    a role word inside another (店员工赵六) still finds its name."""
    parts, kept_to, position = [], 0, 0
    while (match := compiled.pattern.search(text, position)) is not None:
        new = _masked(match, compiled, rules)
        if new is None:
            position = match.start() + 1
            continue
        parts += [text[kept_to:match.start()], new]
        kept_to = position = max(match.end(), match.start() + 1)
    return "".join(parts) + text[kept_to:]


def _masked(match: re.Match[str], compiled: CompiledMask, rules: NoticeRules) -> str | None:
    rule = compiled.rule
    value = match.group("value")
    if rule.skip_uscc and _is_uscc(_SEPARATORS.sub("", value)):
        return None
    if rule.method == "keep":
        new = _keep(value, rule.keep_head, rule.keep_tail)
    elif rule.method == "region":
        new = _region(value, rule.replacement)
    elif rule.method == "name":
        if (new := _name(value, rules)) == value:
            return None
    else:
        new = rule.replacement
    start, end = match.span("value")
    whole, offset = match.group(0), match.start()
    return whole[:start - offset] + new + whole[end - offset:]


def _keep(value: str, head: int, tail: int) -> str:
    """Star every letter and digit of ``value`` but the first ``head`` and last ``tail``."""
    positions = [i for i, char in enumerate(value) if char.isascii() and char.isalnum()]
    hidden = set(positions[head:len(positions) - tail if tail else None])
    return "".join("*" if i in hidden else char for i, char in enumerate(value))


def _region(address: str, replacement: str) -> str:
    """An address cut after its district or county (区, 县, 旗), else after its city."""
    for marks in ("区县旗", "市"):
        cut = next((i for i, char in enumerate(address) if i and char in marks), None)
        if cut is not None and cut < len(address) - 1:
            return address[:cut + 1] + replacement
    return replacement


def _name(value: str, rules: NoticeRules) -> str:
    """张三 → 张某, 欧阳娜娜 → 欧阳某某; a value that is no name (or already masked) stays."""
    if "某" in value[1:]:
        return value
    if value[:2] in rules.file.masking.compound_surnames:
        surname = value[:2]
    elif value[0] in rules.surnames:
        surname = value[0]
    else:
        return value
    return surname + "某" * (len(value) - len(surname))


def _is_uscc(text: str) -> bool:
    try:
        validate(text)
    except (InvalidUSCC, ValueError):
        return False
    return True


def minor_in(text: str, decided_on: date, rules: NoticeRules) -> bool:
    """True if ``text`` says the party is a minor, or holds a valid ID number of someone
    below the adult age on ``decided_on``."""
    if any(marker.search(text) for marker in rules.minor_markers):
        return True
    for match in _ID_NUMBER.finditer(text):
        born = birth_day(match.group(0))
        if born is not None and _age(born, decided_on) < rules.file.minors.adult_age:
            return True
    return False


def birth_day(id_number: str) -> date | None:
    """The birth day in an 18-digit ID number (GB 11643) whose check digit holds."""
    if len(id_number) != 18 or not id_number[:17].isdigit():
        return None
    total = sum(int(digit) * weight
                for digit, weight in zip(id_number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != id_number[17].upper():
        return None
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def secret_in(text: str, rules: NoticeRules) -> str | None:
    """``state_secret`` or ``trade_secret`` when ``text`` carries such a mark."""
    for reason, markers in rules.secret_markers.items():
        if any(marker.search(text) for marker in markers):
            return reason
    return None
