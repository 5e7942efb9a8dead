"""The fetcher against a real, misbehaving HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from curation.fetching import (
    ConnectionFailed,
    FetchPolicy,
    FetchTimeout,
    HTTPStatusError,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
    UnsupportedContentType,
    fetch,
)
from tests.engines.faulty_server import (
    ARTICLE_HTML,
    ETAG,
    LAST_MODIFIED,
    FaultyServer,
    bomb_body,
)

USER_AGENT = "RontenTest/1.0 (+https://ronten.example/bot)"


def policy(**overrides: object) -> FetchPolicy:
    settings: dict[str, object] = {
        "user_agent": USER_AGENT,
        "allowed_hosts": ("127.0.0.1",),
        "connect_timeout": 2.0,
        "read_timeout": 0.5,
        "max_bytes": 100_000,
    }
    settings.update(overrides)
    return FetchPolicy(**settings)  # type: ignore[arg-type]


def test_ok_page_is_returned_with_its_metadata(server: FaultyServer) -> None:
    result = fetch(server.url("/ok"), policy())

    assert result.status_code == 200
    assert result.body.decode("utf-8") == ARTICLE_HTML
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.final_url == result.requested_url == server.url("/ok")
    assert result.headers["content-type"] == "text/html; charset=utf-8"


def test_requests_carry_the_user_agent(server: FaultyServer) -> None:
    fetch(server.url("/ok"), policy())

    assert {r.headers["user-agent"] for r in server.requests} == {USER_AGENT}


def test_loopback_server_is_refused_without_allow_list(server: FaultyServer) -> None:
    with pytest.raises(UnsafeURL):
        fetch(server.url("/ok"), policy(allowed_hosts=()))

    assert server.requests == []


@pytest.mark.parametrize("path", ["/gzip", "/brotli"])
def test_compressed_body_is_decoded(server: FaultyServer, path: str) -> None:
    result = fetch(server.url(path), policy())

    assert result.body.decode("utf-8") == ARTICLE_HTML


def test_redirect_chain_is_followed_to_the_final_url(server: FaultyServer) -> None:
    result = fetch(server.url("/redirect/1"), policy())

    assert result.final_url == server.url("/ok")
    assert result.requested_url == server.url("/redirect/1")
    assert result.body.decode("utf-8") == ARTICLE_HTML


def test_redirect_chain_longer_than_the_limit_is_refused(server: FaultyServer) -> None:
    with pytest.raises(TooManyRedirects):
        fetch(server.url("/redirect/1"), policy(max_redirects=2))


def test_redirect_loop_is_refused(server: FaultyServer) -> None:
    with pytest.raises(TooManyRedirects, match="loop"):
        fetch(server.url("/loop/a"), policy(max_redirects=10))


def test_redirect_to_private_address_is_refused_before_connecting(server: FaultyServer) -> None:
    # The autouse loopback_only fixture would turn a connection attempt into an AssertionError.
    with pytest.raises(UnsafeURL, match="10.255.255.1"):
        fetch(server.url("/redirect-private"), policy())


def test_redirect_into_robots_disallowed_path_is_refused(server: FaultyServer) -> None:
    with pytest.raises(RobotsDisallowed):
        fetch(server.url("/redirect-robots"), policy())

    assert "/private/page" not in server.paths_requested()


def test_not_found_is_a_permanent_status_error(server: FaultyServer) -> None:
    with pytest.raises(HTTPStatusError) as raised:
        fetch(server.url("/missing"), policy())

    assert raised.value.status_code == 404
    assert not raised.value.transient
    assert raised.value.reason == "http_404"


def test_server_error_is_transient(server: FaultyServer) -> None:
    with pytest.raises(HTTPStatusError) as raised:
        fetch(server.url("/error"), policy())

    assert raised.value.status_code == 500
    assert raised.value.transient


def test_too_many_requests_is_transient_with_retry_after(server: FaultyServer) -> None:
    with pytest.raises(HTTPStatusError) as raised:
        fetch(server.url("/busy"), policy())

    assert raised.value.status_code == 429
    assert raised.value.transient
    assert raised.value.retry_after == 7.0


def test_slow_server_times_out(server: FaultyServer) -> None:
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as raised:
        fetch(server.url("/slow"), policy(read_timeout=0.5))

    assert raised.value.transient
    assert time.monotonic() - started < 1.9


def test_connection_reset_mid_body_is_transient(server: FaultyServer) -> None:
    with pytest.raises(ConnectionFailed) as raised:
        fetch(server.url("/reset"), policy(max_bytes=1_000_000))

    assert raised.value.transient


def test_body_shorter_than_content_length_is_transient(server: FaultyServer) -> None:
    with pytest.raises(ConnectionFailed) as raised:
        fetch(server.url("/truncated"), policy())

    assert raised.value.transient


def test_declared_huge_body_is_refused_early(server: FaultyServer) -> None:
    with pytest.raises(TooLarge, match="declares"):
        fetch(server.url("/huge-declared"), policy(max_bytes=100_000))


def test_streamed_huge_body_is_cut_at_the_limit(server: FaultyServer) -> None:
    with pytest.raises(TooLarge, match="exceeds"):
        fetch(server.url("/huge-chunked"), policy(max_bytes=100_000))


def test_wrong_content_type_is_refused(server: FaultyServer) -> None:
    with pytest.raises(UnsupportedContentType, match="application/pdf") as raised:
        fetch(server.url("/pdf"), policy())

    assert not raised.value.transient


def test_accept_override_lets_other_types_through(server: FaultyServer) -> None:
    result = fetch(server.url("/pdf"), policy(), accept=("application/pdf",))

    assert result.content_type == "application/pdf"


def test_robots_disallowed_path_is_refused_without_requesting_it(server: FaultyServer) -> None:
    with pytest.raises(RobotsDisallowed):
        fetch(server.url("/private/page"), policy())

    assert server.paths_requested() == ["/robots.txt"]


def test_robots_can_be_ignored(server: FaultyServer) -> None:
    result = fetch(server.url("/private/page"), policy(respect_robots=False))

    assert result.status_code == 200
    assert "/robots.txt" not in server.paths_requested()


def test_robots_txt_is_fetched_once_per_host(server: FaultyServer) -> None:
    fetch(server.url("/ok"), policy())
    fetch(server.url("/gzip"), policy())

    assert server.paths_requested() == ["/robots.txt", "/ok", "/gzip"]


def test_missing_robots_txt_allows_everything() -> None:
    with FaultyServer() as bare:
        del bare.routes["/robots.txt"]
        result = fetch(bare.url("/private/page"), policy())

    assert result.status_code == 200


def test_conditional_get_with_matching_etag_is_not_modified(server: FaultyServer) -> None:
    first = fetch(server.url("/conditional"), policy())
    second = fetch(server.url("/conditional"), policy(), etag=first.etag)

    assert first.etag == ETAG
    assert first.last_modified == LAST_MODIFIED
    assert second.status_code == 304
    assert second.body == b""
    assert server.requests[-1].headers["if-none-match"] == ETAG


def test_conditional_get_sends_if_modified_since(server: FaultyServer) -> None:
    fetch(server.url("/ok"), policy(), last_modified=LAST_MODIFIED)

    assert server.requests[-1].headers["if-modified-since"] == LAST_MODIFIED


def test_politeness_delay_spaces_requests_to_one_host(server: FaultyServer) -> None:
    polite = policy(respect_robots=False, politeness_delay=0.3)
    fetch(server.url("/ok"), polite)
    started = time.monotonic()
    fetch(server.url("/ok"), polite)

    assert time.monotonic() - started >= 0.25


def test_errors_explain_themselves(server: FaultyServer) -> None:
    with pytest.raises(HTTPStatusError) as raised:
        fetch(server.url("/missing"), policy())

    assert str(raised.value) == f"HTTP 404 for {server.url('/missing')}"


def test_safety_net_blocks_connections_beyond_loopback() -> None:
    # Proves the claim of the private-redirect test: a connection attempt would fail loudly.
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(AssertionError, match="non-loopback"):
            probe.connect(("10.255.255.1", 80))
    finally:
        probe.close()


class FlippingDNS:
    """A resolver whose answer for one name changes after the first lookup (DNS rebinding)."""

    def __init__(self, name: str, answers: list[str]) -> None:
        self.name = name
        self.answers = answers
        self.lookups = 0
        self._real = socket.getaddrinfo

    def __call__(self, host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != self.name:
            return self._real(host, port, *args, **kwargs)
        address = self.answers[min(self.lookups, len(self.answers) - 1)]
        self.lookups += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]


def test_a_name_that_turns_private_after_the_check_is_never_connected_to(
    server: FaultyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    dns = FlippingDNS("rebind.test", ["93.184.215.14", "127.0.0.1"])
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    url = f"http://rebind.test:{server.port}/ok"

    with pytest.raises(UnsafeURL, match="127.0.0.1"):
        fetch(url, policy(allowed_hosts=(), respect_robots=False))

    assert dns.lookups == 2
    assert server.requests == []


def test_a_name_is_fetched_from_the_address_the_guard_approved(
    server: FaultyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", FlippingDNS("news.pinned.test", ["127.0.0.1"]))

    result = fetch(f"http://news.pinned.test:{server.port}/ok", policy(respect_robots=False))

    assert result.status_code == 200
    assert server.requests[-1].headers["host"] == f"news.pinned.test:{server.port}"


_FETCH_AND_REPORT_MEMORY = """
import resource, sys
from curation.fetching import FetchPolicy, TooLarge, fetch

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
policy = FetchPolicy(user_agent="RontenTest/1.0", allowed_hosts=("127.0.0.1",),
                     max_bytes=1_000_000, respect_robots=False)
try:
    fetch(sys.argv[1], policy)
    outcome = "fetched"
except TooLarge:
    outcome = "too_large"
grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
print(outcome, grown_mb)
"""


@pytest.mark.parametrize("path", ["/bomb-gzip-gzip", "/bomb-br"])
def test_decompression_bomb_is_refused_before_it_fills_memory(
    server: FaultyServer, path: str
) -> None:
    encoding = "br" if path.endswith("br") else "gzip, gzip"
    assert len(bomb_body(encoding)) < 600_000  # kilobytes on the wire, half a gigabyte decoded

    # A child process, so that its peak resident memory is the fetch's own.
    child = subprocess.run(
        [sys.executable, "-c", _FETCH_AND_REPORT_MEMORY, server.url(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    outcome, grown_mb = child.stdout.split()
    assert outcome == "too_large"
    assert int(grown_mb) < 64, f"the fetch grew the process by {grown_mb} MB"
