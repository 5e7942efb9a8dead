from __future__ import annotations

import socket

import pytest

from curation.fetching import ConnectionFailed, UnsafeURL, check_url_safe


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Name resolution from a table, so no test depends on (or leaks to) real DNS."""
    table: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list[tuple]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 80))
            for ip in table[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


def test_public_address_is_allowed(fake_dns: dict[str, list[str]]) -> None:
    fake_dns["news.example.jp"] = ["8.8.8.8"]
    check_url_safe("https://news.example.jp/article/1", ())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.5.5.5:8000/x",
        "http://10.1.2.3/",
        "http://192.168.0.10/admin",
        "http://172.16.4.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
    ],
)
def test_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURL) as raised:
        check_url_safe(url, ())
    assert raised.value.reason == "unsafe_url"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.jp/file", "gopher://x/", "javascript:alert(1)"]
)
def test_schemes_other_than_http_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURL, match="scheme"):
        check_url_safe(url, ())


def test_url_without_host_is_refused() -> None:
    with pytest.raises(UnsafeURL):
        check_url_safe("http:///path", ())


def test_name_resolving_to_private_address_is_refused(fake_dns: dict[str, list[str]]) -> None:
    fake_dns["intranet.example.jp"] = ["10.0.0.5"]
    with pytest.raises(UnsafeURL, match="10.0.0.5"):
        check_url_safe("https://intranet.example.jp/", ())


def test_name_with_one_private_address_among_public_ones_is_refused(
    fake_dns: dict[str, list[str]],
) -> None:
    fake_dns["mixed.example.jp"] = ["8.8.4.4", "192.168.1.1"]
    with pytest.raises(UnsafeURL):
        check_url_safe("https://mixed.example.jp/", ())


def test_localhost_is_refused_unless_allowed() -> None:
    with pytest.raises(UnsafeURL):
        check_url_safe("http://localhost:8000/", ())
    check_url_safe("http://localhost:8000/", ("localhost",))


def test_loopback_ip_is_allowed_when_listed() -> None:
    check_url_safe("http://127.0.0.1:8000/feed", ("127.0.0.1",))


def test_cidr_allow_list_lets_its_range_through_only() -> None:
    check_url_safe("http://10.20.30.40/", ("10.0.0.0/8",))
    with pytest.raises(UnsafeURL):
        check_url_safe("http://192.168.1.1/", ("10.0.0.0/8",))


def test_allowed_name_resolving_to_private_address_is_allowed(
    fake_dns: dict[str, list[str]],
) -> None:
    fake_dns["staging.internal"] = ["10.9.9.9"]
    check_url_safe("http://staging.internal/", ("STAGING.internal",))


def test_broad_link_local_range_does_not_unlock_metadata_service() -> None:
    with pytest.raises(UnsafeURL):
        check_url_safe("http://169.254.169.254/", ("169.254.0.0/16",))
    check_url_safe("http://169.254.10.10/", ("169.254.0.0/16",))


def test_unresolvable_host_is_a_transient_connection_failure(
    fake_dns: dict[str, list[str]],
) -> None:
    with pytest.raises(ConnectionFailed) as raised:
        check_url_safe("https://no-such-host.example.jp/", ())
    assert raised.value.transient
