"""A bulk import in several batches (one transaction each, as the CLI runs it): a batch's
commit overlaps the reading of the next, yet batches are stored in the file's order
window by window (each window in USCC order, saved while the next is read), a failed
batch ends the import with its own error after the batches before it are stored, and a
bad line is still named by its line number."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from services.credit_rating.handlers import bulk_import
from services.credit_rating.handlers.bulk_import import file_lines, import_entities
from services.credit_rating.models import Entity, EntityGrade
from tests.integration.credit_rating.conftest import fresh_uscc, make_context
from tests.integration.credit_rating.test_import import HEADER, csv_line


class BatchFailed(Exception):
    pass


class ReadingFailed(Exception):
    pass


@pytest.fixture
def batches_of_three(monkeypatch):  # type: ignore[no-untyped-def]
    """Batches of three, each its own window: saved in the file's order."""
    monkeypatch.setattr(bulk_import, "BATCH", 3)
    monkeypatch.setattr(bulk_import, "WINDOW", 3)


def failing_batch(monkeypatch, number: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Make the ``number``-th batch saved fail (after writing its rows, before its commit);
    returns the USCCs of each batch handed to the save, in order."""
    saved: list[list[str]] = []
    real = bulk_import.save_registrations

    async def save(ctx, uow, registrations, **kwargs):  # type: ignore[no-untyped-def]
        saved.append([values["uscc"] for values in registrations])
        changes = await real(ctx, uow, registrations, **kwargs)
        if len(saved) == number:
            raise BatchFailed(f"batch {number}")
        return changes

    monkeypatch.setattr(bulk_import, "save_registrations", save)
    return saved


async def stored(ctx, usccs: list[str]) -> tuple[set[str], int]:  # type: ignore[no-untyped-def]
    """Which of ``usccs`` are in the registry, and how many of them have a grade."""
    async with ctx.database.reader() as session:
        found = set((await session.execute(
            select(Entity.uscc).where(Entity.uscc.in_(usccs)))).scalars())
        graded = (await session.execute(select(func.count()).select_from(EntityGrade)
                                        .where(EntityGrade.uscc.in_(usccs)))).scalar_one()
    return found, graded


async def test_a_bad_line_in_the_second_batch_is_named_and_every_good_line_stored(
        database, batches_of_three) -> None:
    ctx = make_context(database)
    codes = [fresh_uscc() for _ in range(7)]
    lines = [HEADER, *(csv_line(c, f"批次企业{i}") for i, c in enumerate(codes[:4])),
             "91370200XXXXXXXXXX,坏行,,,370202,F5211,2020-01-02,false,",  # line 6
             *(csv_line(c, f"批次企业{i}") for i, c in enumerate(codes[4:], start=4))]
    progress: list[int] = []
    try:
        report = await import_entities(ctx, ctx.database.unit_of_work,
                                       file_lines("\n".join(lines) + "\n"), "csv",
                                       actor="test", progress=progress.append)
        found, graded = await stored(ctx, codes)
    finally:
        await ctx.database.dispose()

    # batch after batch in the file's order, each (its own window) in USCC order
    assert report.changes.created == [*sorted(codes[:3]), *sorted(codes[3:6]), codes[6]]
    assert report.rejected == 1 and report.errors[0][0] == 6
    assert report.errors[0][1].startswith("uscc:")
    assert found == set(codes) and graded == 7
    assert progress == sorted(progress) and progress[-1] == 9


async def test_a_failed_batch_ends_the_import_with_its_error_after_the_batches_before(
        database, batches_of_three, monkeypatch) -> None:
    ctx = make_context(database)
    codes = [fresh_uscc() for _ in range(9)]
    saved = failing_batch(monkeypatch, 2)
    lines = [HEADER, *(csv_line(c, f"失败批次企业{i}") for i, c in enumerate(codes))]
    progress: list[int] = []
    try:
        with pytest.raises(BatchFailed, match="batch 2"):
            await import_entities(ctx, ctx.database.unit_of_work,
                                  file_lines("\n".join(lines) + "\n"), "csv", actor="test",
                                  progress=progress.append)
        found, graded = await stored(ctx, codes)
    finally:
        await ctx.database.dispose()

    assert saved == [sorted(codes[:3]), sorted(codes[3:6])]  # the third never saved
    assert found == set(codes[:3]) and graded == 3  # the second rolled back whole
    assert progress == [4]


async def test_a_reading_failure_leaves_the_batch_before_it_stored(
        database, batches_of_three) -> None:
    ctx = make_context(database)
    codes = [fresh_uscc() for _ in range(5)]

    def lines() -> Iterator[str]:  # an unreadable file part-way (say bad UTF-8)
        yield HEADER + "\n"
        for i, code in enumerate(codes):
            yield csv_line(code, f"读取企业{i}") + "\n"
        raise ReadingFailed("line 7 unreadable")

    try:
        with pytest.raises(ReadingFailed):
            await import_entities(ctx, ctx.database.unit_of_work, lines(), "csv",
                                  actor="test")
        found, _ = await stored(ctx, codes)
    finally:
        await ctx.database.dispose()

    assert found == set(codes[:3])  # the first batch committed; the last two never saved


async def test_a_failed_batch_is_reported_rather_than_a_later_reading_failure(
        database, batches_of_three, monkeypatch) -> None:
    ctx = make_context(database)
    codes = [fresh_uscc() for _ in range(5)]
    failing_batch(monkeypatch, 1)

    def lines() -> Iterator[str]:
        yield HEADER + "\n"
        for i, code in enumerate(codes):
            yield csv_line(code, f"先败企业{i}") + "\n"
        raise ReadingFailed("line 7 unreadable")

    try:
        with pytest.raises(BatchFailed):
            await import_entities(ctx, ctx.database.unit_of_work, lines(), "csv",
                                  actor="test")
        found, _ = await stored(ctx, codes)
    finally:
        await ctx.database.dispose()

    assert found == set()


async def test_each_window_is_saved_in_uscc_order_while_the_next_is_read(
        database, monkeypatch) -> None:
    monkeypatch.setattr(bulk_import, "BATCH", 3)
    monkeypatch.setattr(bulk_import, "WINDOW", 6)
    ctx = make_context(database)
    codes = [fresh_uscc() for _ in range(14)]
    saved = failing_batch(monkeypatch, 0)  # records each batch; none fails
    read = 0
    read_when_saved: list[int] = []
    real_save = bulk_import.save_registrations

    async def save(*args, **kwargs):  # type: ignore[no-untyped-def]
        read_when_saved.append(read)
        return await real_save(*args, **kwargs)

    monkeypatch.setattr(bulk_import, "save_registrations", save)

    def lines() -> Iterator[str]:
        nonlocal read
        yield HEADER + "\n"
        for i, code in enumerate(codes):
            if i == 9:  # line 11: a bad line between two good ones
                yield "91370200XXXXXXXXXX,坏行,,,370202,F5211,2020-01-02,false,\n"
            read += 1
            yield csv_line(code, f"窗口企业{i}") + "\n"

    progress: list[int] = []
    try:
        report = await import_entities(ctx, ctx.database.unit_of_work, lines(), "csv",
                                       actor="test", progress=progress.append)
        found, graded = await stored(ctx, codes)
    finally:
        await ctx.database.dispose()

    windows = [sorted(codes[:6]), sorted(codes[6:12]), sorted(codes[12:])]
    assert saved == [windows[0][:3], windows[0][3:], windows[1][:3], windows[1][3:],
                     windows[2]]
    assert report.changes.created == [code for window in windows for code in window]
    assert report.rejected == 1 and report.errors[0][0] == 11
    assert found == set(codes) and graded == 14
    # a window is read whole before it is saved, and saved while the next is read
    assert read_when_saved[0] >= 6 and read_when_saved[2] >= 12
    assert read_when_saved[1] < 12
    assert progress == sorted(progress) and progress[-1] == 16
