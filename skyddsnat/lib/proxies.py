"""Requests that come through a reverse proxy: who the client is, and whether it used HTTPS.

A proxy that ends TLS tells the app the client's address in `X-Forwarded-For` and the scheme in
`X-Forwarded-Proto`. Anyone can send those headers, so they count only when the request came from
a proxy listed in `SKYDDSNAT_TRUSTED_PROXIES` (addresses or networks): from anywhere else they are
removed before the app reads the request, and the client is the connection's own address.
"""

import functools
import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# The headers only a trusted proxy may set (as Django names them in request.META).
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """The trusted proxies as networks; a bare address is a network of one. Raises ValueError on
    an entry that is neither (settings call this at start, so a typo stops the app)."""
    return tuple(ipaddress.ip_network(entry.strip()) for entry in entries if entry)


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return parse_networks(entries)


def _address(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:192.0.2.1) is the IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _hop_address(text: str) -> IPAddress | None:
    """A hop of `X-Forwarded-For`: an address, or one with the port some proxies add
    (`198.51.100.7:51234`, `[2001:db8::5]:443`). Read without its port, the hop names the
    client; read as no address, the walk would stop at the proxy and every client behind it
    would share the proxy's address (one throttle count for all)."""
    text = text.strip()
    address = _address(text)
    if address is not None:
        return address
    if text.startswith("[") and "]" in text:  # [IPv6]:port
        inner, _, port = text[1:].partition("]")
        return _address(inner) if port[:1] in ("", ":") and port[1:].isdigit() else None
    host, colon, port = text.rpartition(":")
    if colon and port.isdigit() and ":" not in host:  # IPv4:port
        return _address(host)
    return None


def is_trusted(address: IPAddress | None) -> bool:
    if address is None:
        return False
    networks = _networks(tuple(settings.SKYDDSNAT_TRUSTED_PROXIES))
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's own, or, when the connection comes from a trusted
    proxy, the right-most address in `X-Forwarded-For` that is not itself a trusted proxy (each
    proxy appends the address it was called from, so everything left of the first untrusted hop
    could have been written by the client). A hop that is no address ends the walk."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if not is_trusted(peer):
        return str(peer) if peer else None
    client = peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _hop_address(hop)
        if address is None:
            break
        client = address
        if not is_trusted(address):
            break
    return str(client) if client else None


class ForwardedHeadersMiddleware:
    """First in the chain: drops the forwarding headers of a request that did not come from a
    trusted proxy, so that neither the HTTPS check (SECURE_PROXY_SSL_HEADER) nor the audit log's
    client address can be talked into anything by a client that reaches the app directly."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted(_address(request.META.get("REMOTE_ADDR", ""))):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
