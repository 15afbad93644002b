"""``jianguan regrade``, as the daily CronJob runs it: every entity re-graded under the
rules in the reference directory, letter changes announced once."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from jianguan.cli import main
from shared.migrations import upgrade
from tests.integration.credit_rating.conftest import fresh_uscc
from tests.integration.credit_rating.test_import import HEADER, csv_line
from tests.integration.credit_rating.test_regrade import stricter_rules


def _grades_and_announcements(path) -> tuple[dict[str, str], int]:  # type: ignore[no-untyped-def]
    db = sqlite3.connect(path)
    try:
        grades = dict(db.execute("SELECT uscc, grade FROM entity_grades"))
        announced = db.execute("SELECT count(*) FROM outbox WHERE topic = "
                               "'credit.grade.changed.v1'").fetchone()[0]
        return grades, announced
    finally:
        db.close()


def test_the_cli_regrades_every_entity_and_announces_changed_letters(tmp_path, monkeypatch):
    path = tmp_path / "credit_rating.db"
    upgrade("credit_rating", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("CREDIT_RATING_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    codes = [fresh_uscc(), fresh_uscc()]
    entities = tmp_path / "entities.csv"
    entities.write_text("\n".join([HEADER, *(csv_line(c, f"企业{i}") for i, c in
                                             enumerate(codes))]) + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["import", "entities", str(entities)]).exit_code == 0
    grades, announced = _grades_and_announcements(path)
    assert grades == dict.fromkeys(codes, "A")

    stricter_rules(tmp_path)  # 2026.2 in tmp_path/reference: a clean entity is B
    monkeypatch.setenv("CREDIT_RATING_REFERENCE_DIR", str(tmp_path / "reference"))
    first = CliRunner().invoke(main, ["regrade"])
    second = CliRunner().invoke(main, ["regrade", "--as-of", "2027-01-04"])

    assert first.exit_code == 0, first.output
    assert "2 entities re-graded under rules 2026.2; 2 changed grade" in first.stdout
    assert "2 entities re-graded under rules 2026.2; 0 changed grade" in second.stdout
    after, announced_after = _grades_and_announcements(path)
    assert after == dict.fromkeys(codes, "B")
    assert announced_after == announced + 2
