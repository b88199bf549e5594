"""Whose address a login comes from, for the throttle (``throttle``).

The address is the socket's peer. Behind a reverse proxy every request comes from the proxy, so the proxy's
addresses are named in ``BOT_REVIEW_TRUSTED_PROXIES``; then, and only for a request whose peer is one of them,
the address is taken from ``X-Forwarded-For``, read from the right (the entry the nearest proxy added) past any
other trusted proxy. Entries further left were written by the client and are never believed: without the
setting anyone could send the header and be counted as any address they like.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable, Optional, Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


def trusted_networks(text: str, variable: str = "BOT_REVIEW_TRUSTED_PROXIES") -> tuple[Network, ...]:
    """``127.0.0.1, ::1, 10.0.0.0/24`` as networks; a ``ValueError`` naming ``variable`` for a bad entry."""
    networks, bad = [], []
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            bad.append(entry)
    if bad:
        raise ValueError(f"{variable}: not an address or network: {', '.join(map(repr, bad))}")
    return tuple(networks)


def _ip(text: str) -> Optional[Union[ipaddress.IPv4Address, ipaddress.IPv6Address]]:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address: Optional[Union[ipaddress.IPv4Address, ipaddress.IPv6Address]],
             networks: Iterable[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(peer: str, forwarded_for: Optional[str], trusted: tuple[Network, ...]) -> str:
    """The address to count a login under: ``peer``, or what the trusted proxies say the client was."""
    current = peer
    if not trusted or not _trusted(_ip(peer), trusted):
        return current
    for entry in reversed([e.strip() for e in (forwarded_for or "").split(",") if e.strip()]):
        address = _ip(entry)
        if address is None:
            return current   # a malformed entry: stop at the last proxy that was believed
        current = str(address)
        if not _trusted(address, trusted):
            return current
    return current
