"""Bulk import of the entity registry (批量导入): CSV with a header row, or JSON Lines.

Good lines are imported in batches through the registry's one code path, a window of
them at a time in USCC order (``WINDOW``: the tables are keyed by USCC); each bad line
is reported with its 1-based line number and the reason (a USCC whose check character or
GB 11714 organisation check digit is wrong names the expected one); a second run of the
same file changes nothing and announces nothing. ``EntityRegistration`` decides what a
good line is: plainly good lines skip the model (:mod:`~.registration_lines`), every
other line gets the model's verdict and reasons. CSV has no types: its ``new_economy``
text (true/false, yes/no, 1/0) is read as the JSON boolean the model takes.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Literal

from pydantic import ValidationError

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.entity import tolerance_problem
from services.credit_rating.handlers.commands import EntityRegistration
from services.credit_rating.handlers.registration_lines import plain_registration
from services.credit_rating.handlers.steps.registry_rows import (
    FIELDS,
    NewEntityEvents,
    RegistryChanges,
    registry_values,
    save_registrations,
)
from services.credit_rating.handlers.steps.regrading import GradedAlike
from shared.db import UnitOfWork
from shared.errors import DomainProblem

Format = Literal["csv", "jsonl"]
COLUMNS = ("uscc", *FIELDS)
# Entities per batch (one transaction each from the CLI). Each SQLite commit re-writes
# every index page its batch touched, and new USCCs land all over the registry's
# indexes: at 10,000 a million entities were written over and over (97 s, 49% of raw
# executemany of the same rows); at 50,000, 57 s (73%), holding the write lock ~3.2 s
# per batch on a registry of a million (other writers wait; readers never do).
BATCH = 50_000
WINDOW = 250_000
"""Good lines read before any is saved, then saved in USCC order. The registry's tables
are keyed by USCC: batches in the file's order each land all over them, and each commit
re-wrote most of their pages (a million entities: 9.8 GB written, 47 s). A window's
batches fill them range by range (4.9 GB, 40 s; one sorted window would be 3.9 GB).
The bound keeps memory in check: about 860 bytes an entity, two windows at most (the
one being saved and the one being read)."""
_by_uscc = itemgetter("uscc")
MAX_LISTED_ERRORS = 1000
CSV_FLAGS = {**dict.fromkeys(("true", "t", "yes", "y", "on", "1"), True),
             **dict.fromkeys(("false", "f", "no", "n", "off", "0"), False)}


@dataclass
class ImportReport:
    """Counts, and the bad lines (the first ``MAX_LISTED_ERRORS`` of them)."""

    changes: RegistryChanges = field(default_factory=RegistryChanges)
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append((line, reason))


class BadImportFile(DomainProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(422, "Import file unusable", detail, "bad-import-file")


def file_lines(text: str) -> Iterator[str]:
    r"""The lines of an uploaded file, ends kept (CSV needs them), split only at ``\n``
    (so also ``\r\n``), as an editor numbers them. ``str.splitlines`` would also split at
    U+2028, U+2029, ``\x85`` and other separators that may stand inside a JSON string or
    a CSV field, turning one good line into two bad ones and misnumbering the rest."""
    return iter(io.StringIO(text, newline="\n"))


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """``(line number, fields or the reason the line is bad)``; the header is line 1."""
    reader = csv.reader(lines)
    header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
    unknown = [name for name in header if name not in COLUMNS]
    if unknown or "uscc" not in header:
        raise BadImportFile(f"the CSV header must name columns from {', '.join(COLUMNS)} "
                            f"(uscc required); found {', '.join(header) or 'no header'}")
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not values:
            continue
        if len(values) != len(header):
            yield start, f"{len(values)} fields, the header has {len(header)}"
            continue
        if all(map(str.strip, values)):  # no blank field to leave out
            row = dict(zip(header, values, strict=True))
        else:
            row = {k: v for k, v in zip(header, values, strict=True) if v.strip()}
        if "new_economy" in row:  # text that reads as a flag becomes one; else the model says
            row["new_economy"] = CSV_FLAGS.get(row["new_economy"].strip().lower(),
                                               row["new_economy"])
        yield start, row


def jsonl_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as exc:
            yield number, f"not JSON: {exc}"
            continue
        yield number, value if isinstance(value, dict) else "not a JSON object"


def registration_of(row: dict[str, Any]) -> dict[str, Any] | str:
    """A line's registry values, or the reason ``EntityRegistration`` refuses it."""
    values = plain_registration(row)
    if values is not None:
        return values
    try:
        return registry_values(EntityRegistration.model_validate(row))
    except ValidationError as exc:
        return why_invalid(exc)


def why_invalid(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'line'}: {e['msg']}"
                     for e in error.errors())


Units = Callable[[], AbstractAsyncContextManager[UnitOfWork]]


def within(uow: UnitOfWork) -> Units:
    """Every batch in ``uow``, the caller's open unit of work (it commits at the end)."""

    @asynccontextmanager
    async def same() -> AsyncIterator[UnitOfWork]:
        yield uow

    return same


async def import_entities(ctx: CreditContext, units: Units, lines: Iterable[str],
                          fmt: Format, *, actor: str,
                          progress: Callable[[int], None] | None = None,
                          batch_size: int | None = None) -> ImportReport:
    """Import every good line of ``lines``; report the bad ones by line number.

    ``units()`` gives the unit of work of each batch of ``batch_size`` (``BATCH``) entities: the API
    passes its request's one (all or nothing), the CLI a fresh one per batch, so a long
    file never holds the database lock for long and a re-run after a failure picks up
    where it stopped. The good lines are read a window of ``WINDOW`` entities at a time
    and each window is saved in USCC order, batch after batch, while the next is read.
    ``progress`` is called after each batch with a line number: the lines up to it are
    saved, or bad (within a window, in proportion to the batches saved).
    Entities are graded as of today (the context's clock).
    """
    as_of, rules = ctx.clock.today(), ctx.rules
    report, seen, window = ImportReport(), dict[str, int](), list[dict[str, Any]]()
    size = batch_size or BATCH
    window_size = max(WINDOW, size)
    graded_alike: GradedAlike = {}
    rows = csv_rows(lines) if fmt == "csv" else jsonl_rows(lines)
    saving: asyncio.Future[None] | None = None  # the batch before, until it is committed
    waiting: deque[tuple[list[dict[str, Any]], int]] = deque()  # the window before's
    window_from = 1  # the line after the window before

    async def save(registrations: list[dict[str, Any]], made: NewEntityEvents,
                   line: int) -> None:
        async with units() as uow:
            changes = await save_registrations(ctx, uow, registrations, actor=actor,
                                               as_of=as_of, graded_alike=graded_alike,
                                               made=made)
        report.changes.add(changes)
        if progress is not None:
            progress(line)

    async def flush(batch: list[dict[str, Any]], line: int) -> None:
        """Save ``batch``; its commit (on a thread) goes on while the next batch is read
        and its events made. Batches are saved one after the other."""
        nonlocal saving
        made = NewEntityEvents.of(batch)  # while the batch before commits
        if saving is not None:  # its failure ends the import here, before the next batch
            before, saving = saving, None
            await before
        saving = asyncio.ensure_future(save(batch, made, line))
        await asyncio.sleep(0)  # the batch is written up to its commit before reading on

    async def close_window(line: int) -> None:
        """Save what is left of the window before; queue this window's batches in USCC
        order (each with the line its save reports) and start saving the first."""
        nonlocal window, window_from
        while waiting:
            await flush(*waiting.popleft())
        window.sort(key=_by_uscc)
        parts = [window[i:i + size] for i in range(0, len(window), size)]
        lines_in = line - window_from + 1
        waiting.extend((part, window_from - 1 + lines_in * done // len(parts))
                       for done, part in enumerate(parts, start=1))
        window, window_from = [], line + 1
        if waiting:
            await flush(*waiting.popleft())

    line = 0
    try:
        for line, row in rows:
            values = row if isinstance(row, str) else registration_of(row)
            if isinstance(values, str):
                report.reject(line, values)
                continue
            if values["tolerance_until"] is not None:
                problem = tolerance_problem(values["established_on"],
                                            values["tolerance_until"], rules)
                if problem is not None:
                    report.reject(line, f"tolerance_until: {problem}")
                    continue
            uscc = values["uscc"]
            if uscc in seen:
                report.reject(line, f"USCC {uscc} is already on line {seen[uscc]}")
                continue
            seen[uscc] = line
            window.append(values)
            if len(window) % size == 0 and waiting:  # the window before, as fast as read
                await flush(*waiting.popleft())
            if len(window) >= window_size:
                await close_window(line)
        await close_window(line)
        while waiting:
            await flush(*waiting.popleft())
        if saving is not None:
            before, saving = saving, None
            await before
        elif progress is not None:  # nothing to save
            progress(line)
    finally:
        if saving is not None:  # reading failed: the batch before ends as it would have
            await asyncio.wait([saving])
            failed = None if saving.cancelled() else saving.exception()
            if failed is not None:  # it came first in the file: it is the one reported
                raise failed  # (the reading's failure stays attached as its context)
    return report
