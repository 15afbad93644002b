"""The address a request came from (来源地址), seen through trusted reverse proxies.

Behind a proxy every request arrives from the proxy, so a per-address limit would put
every member of the public in one bucket. When the peer is one of ``trusted`` (IP
addresses or CIDR networks, ``JIANGUAN_TRUSTED_PROXIES``), ``X-Forwarded-For`` is read
from the right, skipping trusted hops; the first untrusted address is the client. A
header from an untrusted peer is ignored: anyone can write one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(text: str) -> tuple[Network, ...]:
    """``"10.0.0.0/8, 127.0.0.1"`` as networks; a bad entry raises ``ValueError`` naming it."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if entry:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError as exc:
                raise ValueError(f"JIANGUAN_TRUSTED_PROXIES: {entry!r} is not an IP address "
                                 "or network (e.g. 10.0.0.0/8)") from exc
    return tuple(networks)


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request, trusted: tuple[Network, ...] = ()) -> str:
    """The client's address: the peer, or what trusted proxies say they forwarded."""
    peer = request.client.host if request.client else "unknown"
    if not trusted or not _trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _trusted(hop, trusted):
            return hop
    return peer
