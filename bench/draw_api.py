"""A whole draw through inspection-draw's API on SQLite: 1,000,000 mirrored objects, 10,000
picks, against the floor measured in the same run (goal ≤ 3× the floor, issue 17.4).

The floor is reading the roster with raw SQL (stdlib ``sqlite3`` on the same database file
running the snapshot's own query: one ordered read of every registered object with its
line, key, stratum and this year's inspected flag, fetched in full) plus the numpy sampling
core of ``draw_sampling`` (exponential keys and ``argpartition`` of 10,000 among 1,000,000);
each the best of ``FLOOR_ROUNDS`` runs.

The mirror and the 50 inspectors are seeded with bulk inserts (not through the API); plan
and tasks go through the API untimed. Timed: ``POST /v1/tasks/{id}/commitment`` (roster
snapshot and hash, commitment, stored snapshot) then ``POST /v1/tasks/{id}/draw`` (nonce
reveal, sampling, 50 inspectors assigned to 10,000 visits, visits, history and exclusion log
persisted, audit, outbox event). 10,000 picks is 1%, below the shipped minimum overall
ratio, so the app's rules get ``minimum_overall_ratio`` 0 (as in ``draw_sampling``). The
one-call path (commit and draw in one request) is timed on a second task, for information.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

from bench.draw_sampling import numpy_sample
from bench.outcome import Goal, Outcome
from services.inspection_draw.app import create_app
from services.inspection_draw.bootstrap import DrawContext, build
from services.inspection_draw.config import Settings
from services.inspection_draw.domain.keys import uscc_keys
from services.inspection_draw.domain.mirror import MirroredObject
from services.inspection_draw.domain.rules import parse_draw_rules
from services.inspection_draw.handlers.snapshot import gc_paused, roster_query
from shared.auth import TokenIssuer
from shared.migrations import upgrade
from shared.uscc import generate_many

OBJECTS = 1_000_000
PICKS = 10_000
INSPECTORS = 50
GOAL = 3.0
FLOOR_ROUNDS = 2
MATTER = "SCJG-008"
GRADES = ("B", "C", "D", None)


def _seed_mirror(path: Path, at: datetime) -> None:
    usccs = sorted(generate_many(OBJECTS, seed=5))
    keys = uscc_keys(usccs).view("int64").tolist()
    now = at.isoformat(sep=" ")
    rows = []
    for i, (uscc, key) in enumerate(zip(usccs, keys, strict=True)):
        grade, no_penalty = GRADES[i % 4], i % 7 == 0
        flag = "true" if no_penalty else "false"
        grade_json = f'"{grade}"' if grade else "null"
        rows.append((uscc, "370202", "C1391", grade, no_penalty, False, None, key,
                     f'["{uscc}",{grade_json},{flag},"370202","C1391",null,',
                     f"{grade or 'ungraded'}||{flag}", True, now))
    for row in rows[:8]:  # the bulk form is the mirror's own form
        made = MirroredObject(row[0], "370202", "C1391", row[3], row[4], None)
        assert (made.line_prefix(), made.stratum_label()) == (row[8], row[9]), row
        assert made.signed_key() == row[7]
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO inspection_objects (uscc, region, industry, grade, "
                         "no_penalty_3y, blacklisted, risk, uscc_key, line, stratum, registered,"
                         " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO inspectors (inspector_id, department, certificate, "
                         "matters, region, active, updated_at) VALUES (?,?,?,?,?,?,?)",
                         [(f"SCJG-{n:03d}", "SCJG", f"3702{n:06d}", f'["{MATTER}"]', "370200",
                           True, now) for n in range(INSPECTORS)])


def _raw_read(path: Path, year: int) -> float:
    """Seconds to read the roster with raw SQL: the snapshot's own query (``roster_query``,
    compiled for SQLite) on stdlib ``sqlite3``, every row fetched."""
    compiled = roster_query({}, year, postgres=False).compile(dialect=sqlite_dialect())
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    with gc_paused():  # as the service reads it
        start = time.perf_counter()
        with sqlite3.connect(path) as conn:
            rows = conn.execute(str(compiled), parameters).fetchall()
        elapsed = time.perf_counter() - start
    assert len(rows) == OBJECTS, len(rows)
    return elapsed


async def _task(client: httpx.AsyncClient, headers: dict[str, str], sf: dict[str, str],
                year: int) -> str:
    plan = (await client.post("/v1/plans", headers=headers,
                              json={"year": year, "title": "bench"})).json()
    task = (await client.post(f"/v1/plans/{plan['id']}/tasks", headers=headers, json={
        "matters": [MATTER], "size": PICKS, "window_start": f"{year}-01-05",
        "window_end": f"{year}-12-31"})).json()
    await client.post(f"/v1/plans/{plan['id']}:file", headers=sf)
    await client.post(f"/v1/plans/{plan['id']}:publish", headers=headers)
    return task["id"]


def _relaxed(context: DrawContext) -> DrawContext:
    """The service's context with the shipped rules' minimum overall ratio set to 0."""
    snapshot = context.rules.model_dump(mode="json")
    snapshot["sampling"]["minimum_overall_ratio"] = "0"
    return dataclasses.replace(context, rules=parse_draw_rules(snapshot))


async def run(bootstrap: str) -> Outcome:
    """``bootstrap`` is ignored: relay and consumers are off, events stay in the outbox."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inspection_draw.db"
        url = f"sqlite+aiosqlite:///{path}"
        settings = Settings(database_url=url, kafka_bootstrap_servers="127.0.0.1:1",
                            relay_enabled=False, consumers_enabled=False)
        context = _relaxed(build(settings))
        await asyncio.to_thread(upgrade, "inspection_draw", url)
        await asyncio.to_thread(_seed_mirror, path, context.clock.now())
        app = create_app(context=context)
        issuer = TokenIssuer.from_settings(settings)
        headers = {"Authorization": f"Bearer {issuer.issue('SCJG', roles=['officer'])}"}
        sf = {"Authorization": f"Bearer {issuer.issue('SF', roles=['reviewer'])}"}
        year = context.clock.today().year
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench",
                                         timeout=120) as client:
                two_step, one_call = await _task(client, headers, sf, year), \
                    await _task(client, headers, sf, year)
                t0 = time.perf_counter()
                committed = await client.post(f"/v1/tasks/{two_step}/commitment",
                                              headers=headers, json={})
                t1 = time.perf_counter()
                drawn = await client.post(f"/v1/tasks/{two_step}/draw", headers=headers)
                t2 = time.perf_counter()
                assert committed.status_code == 201, committed.text
                assert drawn.status_code == 201 and drawn.json()["selected"] == PICKS, drawn.text
                single = await client.post(f"/v1/tasks/{one_call}/draw", headers=headers)
                t3 = time.perf_counter()
                assert single.status_code == 201, single.text
        read = min(_raw_read(path, year) for _ in range(FLOOR_ROUNDS))
    sample = min(numpy_sample(bytes(32)) for _ in range(FLOOR_ROUNDS))
    elapsed, floor = t2 - t0, read + sample
    ratio = elapsed / floor
    line = (f"draw through the API: {elapsed:.2f} s (commitment {t1 - t0:.2f} s + draw "
            f"{t2 - t1:.2f} s) = {ratio:.2f}× the floor {floor:.2f} s (raw SQL roster read "
            f"{read:.2f} s + numpy sample {sample * 1000:.0f} ms; goal ≤ {GOAL:g}×; "
            f"{OBJECTS:,} objects, {PICKS:,} picks, {INSPECTORS} inspectors, SQLite); "
            f"one-call commit-and-draw {t3 - t2:.2f} s")
    return Outcome(line, (Goal("draw via API vs SQL read + numpy", ratio, GOAL, "×",
                                 at_least=False),))
