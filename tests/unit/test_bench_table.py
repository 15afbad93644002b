"""``make bench``'s table: every goal on a row, a missed goal or a run that lost work
marked MISS, the benchmark's overall verdict failing with it."""

from __future__ import annotations

from bench.outcome import Goal, Outcome, table


def test_each_goal_has_its_row_with_figure_goal_and_verdict() -> None:
    relay = Outcome("relay …", (Goal("outbox relay vs raw aiokafka", 0.72, 0.5, "%"),))
    draw = Outcome("draw …", (Goal("draw via API vs floor", 3.4, 3.0, "×", at_least=False),))

    rows = table([("relay_throughput", relay, 21.4), ("draw_api", draw, 95.0)]).splitlines()

    assert rows[0].split() == ["benchmark", "measure", "figure", "goal", "took"]
    assert rows[1].split()[0] == "relay_throughput" and "72%" in rows[1]
    assert "≥ 50%" in rows[1] and "PASS" in rows[1] and rows[1].endswith("21 s")
    assert "3.40×" in rows[2] and "≤ 3.00×" in rows[2] and "MISS" in rows[2]
    assert relay.ok and not draw.ok


def test_a_fast_run_that_lost_work_is_no_pass() -> None:
    lossy = Outcome("intake …", (Goal("intake vs own hello", 0.9, 0.4, "%"),), sound=False)

    rows = table([("complaint_intake", lossy, 60.0)]).splitlines()

    assert not lossy.ok
    assert "PASS" in rows[1] and "MISS" in rows[2] and "lost or failed" in rows[2]


def test_rates_and_latencies_read_in_their_units() -> None:
    rate = Goal("consumer + idempotent inbox", 5_682.4, 5_000, "ev/s")
    p99 = Goal("逢办必查 p99", 12.34, 50, "ms", at_least=False)

    assert (rate.shown(rate.value), rate.goal) == ("5,682 ev/s", "≥ 5,000 ev/s")
    assert (p99.shown(p99.value), p99.goal, p99.met) == ("12.3 ms", "≤ 50.0 ms", True)


def test_chinese_measures_keep_the_columns_aligned() -> None:
    check = Outcome("…", (Goal("逢办必查 vs hello-world", 0.63, 0.6, "%"),))
    relay = Outcome("…", (Goal("outbox relay vs raw aiokafka", 0.72, 0.5, "%"),))

    rows = table([("credit_check", check, 1.0), ("relay_throughput", relay, 1.0)]).splitlines()

    def column_of(row: str, text: str) -> int:  # terminal columns before ``text``
        before = row[:row.index(text)]
        return len(before) + sum(1 for char in before if "\u4e00" <= char <= "\u9fff")

    assert column_of(rows[1], "63%") == column_of(rows[2], "72%")
