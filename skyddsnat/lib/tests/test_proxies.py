"""The client's address and scheme behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto
count only when the connection comes from a trusted proxy."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from skyddsnat.lib.proxies import ForwardedHeadersMiddleware, client_address

factory = RequestFactory()


def request_from(remote: str, forwarded_for: str | None = None, **extra) -> HttpRequest:
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return factory.get("/", REMOTE_ADDR=remote, **extra)


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_connection_is_the_client():
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_spoofed_header_from_an_untrusted_address_is_ignored():
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_trusted_proxy_the_client_is_the_address_it_forwarded_for():
    assert client_address(request_from("10.0.0.2", "198.51.100.7")) == "198.51.100.7"


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24", "192.0.2.10"])
def test_the_right_most_untrusted_hop_wins_over_what_the_client_wrote_before_it():
    # The client wrote 203.0.113.9 itself; the outer proxy (192.0.2.10) appended 198.51.100.7,
    # the address it was called from; the inner proxy (10.0.0.2) appended the outer one.
    forwarded = "203.0.113.9, 198.51.100.7, 192.0.2.10"

    assert client_address(request_from("10.0.0.2", forwarded)) == "198.51.100.7"


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_hop_that_is_no_address_ends_the_walk_at_the_last_trusted_one():
    assert client_address(request_from("10.0.0.2", "198.51.100.7, unknown, 10.0.0.3")) == (
        "10.0.0.3"
    )


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_trusted_proxy_without_the_header_is_itself_the_client():
    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", "")) == "10.0.0.2"


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24", "::1"])
def test_ipv6_and_ipv4_mapped_addresses():
    assert client_address(request_from("::1", "2001:db8::5")) == "2001:db8::5"
    assert client_address(request_from("::ffff:10.0.0.2", "198.51.100.7")) == "198.51.100.7"


@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24"])
@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("198.51.100.7:51234", "198.51.100.7"),
        ("[2001:db8::5]:443", "2001:db8::5"),
        ("203.0.113.9, 198.51.100.7:51234", "198.51.100.7"),
        # Not an address with a port: the walk ends at the proxy, as for any other junk.
        ("198.51.100.7:port", "10.0.0.2"),
        ("[2001:db8::5]x", "10.0.0.2"),
    ],
)
def test_a_hop_with_a_port_names_its_client(forwarded, client):
    """Some proxies (cloud load balancers) append the client's port: the client is still the
    address, not the proxy (which would make every user behind it one throttle address)."""
    assert client_address(request_from("10.0.0.2", forwarded)) == client


@pytest.mark.parametrize(
    ("remote", "kept"),
    [("10.0.0.2", True), ("198.51.100.7", False)],
    ids=["trusted", "untrusted"],
)
@override_settings(SKYDDSNAT_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_middleware_drops_forwarding_headers_from_untrusted_peers(remote, kept):
    seen: dict[str, object] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["for"] = request.META.get("HTTP_X_FORWARDED_FOR")
        seen["secure"] = request.is_secure()
        return HttpResponse()

    request = request_from(remote, "203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    ForwardedHeadersMiddleware(view)(request)

    assert seen == (
        {"for": "203.0.113.9", "secure": True} if kept else {"for": None, "secure": False}
    )
