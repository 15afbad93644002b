"""JIANGUAN_TRUSTED_PROXIES: a mistyped entry stops the start, naming it."""

from __future__ import annotations

import re

import pytest

from shared.web.client_address import trusted_networks


def test_trusted_proxies_parse_addresses_and_networks_and_name_a_bad_entry():
    assert [str(n) for n in trusted_networks(" 10.0.0.0/8, 127.0.0.1 ,")] == ["10.0.0.0/8",
                                                                             "127.0.0.1/32"]
    with pytest.raises(ValueError, match=re.escape("'10.0.0.300' is not an IP address")):
        trusted_networks("10.0.0.300")
