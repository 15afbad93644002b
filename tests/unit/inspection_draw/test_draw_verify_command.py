"""``jianguan draw verify BUNDLE``: identical (exit 0), a difference (1), unparsable (2)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from jianguan.cli import main
from tests.unit.inspection_draw.factories import bundle, parameters, roster


def test_the_command_says_identical_names_a_difference_or_the_bad_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    honest = bundle(roster([(30, "B", False, None), (10, "D", False, None)]), parameters())
    path = tmp_path / "bundle.json"
    runner = CliRunner()
    path.write_text(honest.to_json())
    ok = runner.invoke(main, ["draw", "verify", str(path)])
    assert (ok.exit_code, ok.output.strip()) == (0, "identical")
    document = json.loads(honest.to_json())
    document["result"]["selected"] = document["result"]["selected"][1:]
    path.write_text(json.dumps(document))
    different = runner.invoke(main, ["draw", "verify", str(path)])
    assert different.exit_code == 1 and "selected list" in different.output
    document["nonce_hash_typo"] = document.pop("nonce")
    path.write_text(json.dumps(document))
    broken = runner.invoke(main, ["draw", "verify", str(path)])
    assert broken.exit_code == 2 and "nonce" in broken.output
