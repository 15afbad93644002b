"""``jianguan import entities FILE``: the import handler straight against the database."""

from __future__ import annotations

from click.testing import CliRunner

from jianguan.cli import main
from shared.migrations import upgrade
from tests.integration.credit_rating.conftest import fresh_uscc
from tests.integration.credit_rating.test_import import HEADER, csv_line


def test_the_cli_imports_a_file_names_bad_lines_and_is_idempotent(tmp_path, monkeypatch):
    url = f"sqlite+aiosqlite:///{tmp_path}/credit_rating.db"
    upgrade("credit_rating", url)
    monkeypatch.setenv("CREDIT_RATING_DATABASE_URL", url)
    file = tmp_path / "entities.csv"
    rows = [csv_line(fresh_uscc(), f"企业{i}") for i in range(3)]
    file.write_text("\n".join([HEADER, *rows[:2], "91370200XXXXXXXXXX,坏行,,,370202,F5211,"
                               "2020-01-02,false,", rows[2]]) + "\n", encoding="utf-8")

    first = CliRunner().invoke(main, ["import", "entities", str(file)])
    second = CliRunner().invoke(main, ["import", "entities", str(file), "--service-url", url])
    audit = CliRunner().invoke(main, ["audit", "verify", "--service", "credit-rating"])

    assert first.exit_code == 2, first.output
    assert "3 created, 0 updated, 0 unchanged, 1 rejected" in first.stdout
    assert f"{file}:4: uscc:" in first.stderr
    assert "0 created, 0 updated, 3 unchanged, 1 rejected" in second.stdout
    assert audit.exit_code == 0 and "intact" in audit.stdout


def test_batch_sets_how_many_entities_each_transaction_saves(tmp_path, monkeypatch):
    """An operator importing while the service takes writes asks for smaller batches:
    each is its own transaction (and audit entry), so the write lock is held shorter."""
    import sqlite3

    url = f"sqlite+aiosqlite:///{tmp_path}/credit_rating.db"
    upgrade("credit_rating", url)
    monkeypatch.setenv("CREDIT_RATING_DATABASE_URL", url)
    file = tmp_path / "entities.csv"
    file.write_text("\n".join([HEADER, *(csv_line(fresh_uscc(), f"企业{i}") for i in range(5))])
                    + "\n", encoding="utf-8")

    small = CliRunner().invoke(main, ["import", "entities", str(file), "--batch", "2"])
    refused = CliRunner().invoke(main, ["import", "entities", str(file), "--batch", "0"])
    with sqlite3.connect(tmp_path / "credit_rating.db") as db:
        saves = db.execute("SELECT count(*) FROM audit_log WHERE action = "
                           "'credit.entities.saved'").fetchone()[0]

    assert small.exit_code == 0, small.output
    assert "5 created" in small.stdout
    assert saves == 3  # 2 + 2 + 1
    assert refused.exit_code == 2 and "--batch" in refused.output
