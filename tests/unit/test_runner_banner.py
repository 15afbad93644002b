"""The start-up banner of ``jianguan run`` names the ports the services really listen on."""

from __future__ import annotations

from jianguan.runner import _print_table
from jianguan.suite import SERVICES


def test_the_banner_prints_the_configured_ports_not_the_defaults(capsys) -> None:
    plan = [(svc, svc.settings(port=18_101 + index)) for index, svc in enumerate(SERVICES)]
    _print_table(plan, "127.0.0.1:19092", "TOKEN-TEXT")
    printed = capsys.readouterr().out
    for _svc, settings in plan:
        assert f"http://127.0.0.1:{settings.port}/docs" in printed
    assert ":8101" not in printed and "http://127.0.0.1:18101/v1/blacklist" in printed
    assert "export TOKEN=TOKEN-TEXT" in printed and "127.0.0.1:19092" in printed
