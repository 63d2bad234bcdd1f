"""The address of the person at the other end, behind the proxies this site trusts.

Behind a reverse proxy every request comes from the proxy's address; the real client is in
`X-Forwarded-For`. That header is believed only when the request comes from an address in
`TRUSTED_PROXIES`, and only up to the first hop that is not a trusted proxy: everything left of
that hop was written by the client and may be forged.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str], setting: str = "TRUSTED_PROXIES") -> tuple[Network, ...]:
    """Addresses or CIDR ranges; a bad one stops startup naming the setting."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{setting} must list addresses or ranges such as 10.0.0.1 or 10.0.0.0/8 "
                f"(got {value!r})."
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51000
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the same client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the nearest untrusted hop of X-Forwarded-For when
    the request came through a trusted proxy."""
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        # A Unix socket without a proxy header: every request is the same local client.
        return "127.0.0.1"

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    if not trusted or not is_trusted(peer):
        return str(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = peer
    for raw in reversed(hops):
        hop = _address(raw)
        if hop is None:
            # Garbage written by the client: the last hop a trusted proxy vouched for stands.
            break
        client = hop
        if not is_trusted(hop):
            break
    return str(client)
