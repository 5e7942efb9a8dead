"""Fetch one page over HTTP(S), safely.

Redirects are followed here rather than by httpx so that every hop passes the SSRF guard and
robots.txt; the body is streamed raw and decompressed here a bounded step at a time, so that
``max_bytes`` caps the decoded bytes as they are produced (``decompress.py``: a gzip or brotli
bomb is refused before it can fill the worker's memory).
"""

from __future__ import annotations

import email.utils
import functools
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import certifi
import httpcore
import httpx

from .decompress import DecompressionError, decoded_chunks
from .errors import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    UnsafeURL,
    UnsupportedContentType,
)
from .guard import check_url_safe, safe_addresses
from .hostgate import HostGate, LocalHostGate
from .robots import is_allowed_by_robots

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")
# Feeds, sitemaps (gzipped too) and HTML listing pages are served under many names.
FEED_TYPES: tuple[str, ...] = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-gzip",
    "application/gzip",
    "text/html",
    "application/xhtml+xml",
    "text/plain",
)
ROBOTS_MAX_REDIRECTS = 3


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how defensively to fetch."""

    user_agent: str
    allowed_hosts: tuple[str, ...] = ()
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    respect_robots: bool = True
    accepted_types: tuple[str, ...] = HTML_TYPES
    # Minimum seconds between the starts of two requests to the same host, and how many may
    # run at once; shared by every worker when `host_gate` is a RedisHostGate.
    politeness_delay: float = 0.0
    host_concurrency: int = 2
    host_gate: HostGate | None = None
    # Wall-clock cap on one response body, against servers that drip a byte per read timeout.
    total_timeout: float = 60.0


@dataclass(frozen=True)
class FetchResult:
    requested_url: str
    final_url: str
    status_code: int
    headers: dict[str, str]
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: tuple[str, ...] | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy``; return the final response or raise a :class:`FetchError`.

    ``etag``/``last_modified`` make the request conditional: an unchanged page comes back with
    status 304 and an empty body. ``accept`` overrides ``policy.accepted_types`` (e.g.
    :data:`FEED_TYPES` when polling a feed).
    """
    accepted = accept or policy.accepted_types
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": ", ".join((*accepted, "*/*;q=0.1")),
        "Accept-Language": "ja,en;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    client = _client(policy)
    current = url
    visited = {url}
    gate = _gate(policy)
    for _hop in range(policy.max_redirects + 1):
        _check_before_request(client, current, policy)
        with (
            gate.slot(_host(current)),
            _translate_errors(current),
            client.stream("GET", current, headers=headers) as resp,
        ):
            if resp.status_code in REDIRECT_STATUSES:
                current = _next_hop(resp, current, visited)
                continue
            return _read_response(resp, url, current, policy, accepted)
    raise TooManyRedirects(f"more than {policy.max_redirects} redirects starting at {url}", url=url)


_clients = threading.local()


def _client(policy: FetchPolicy) -> httpx.Client:
    """This thread's client for `policy`'s timeouts, kept so that connections are reused.

    A Celery prefork child creates its own on first use, never sharing one made before fork.
    """
    key = (policy.connect_timeout, policy.read_timeout, policy.allowed_hosts)
    cache: dict[tuple[float, float, tuple[str, ...]], httpx.Client] = getattr(
        _clients, "by_policy", {}
    )
    _clients.by_policy = cache
    client = cache.get(key)
    if client is None or client.is_closed:
        timeout = httpx.Timeout(
            connect=policy.connect_timeout,
            read=policy.read_timeout,
            write=policy.read_timeout,
            pool=policy.connect_timeout,
        )
        # trust_env=False: an environment proxy would bypass the address checks of the guard.
        client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            transport=_PinnedTransport(_tls_context(), policy.allowed_hosts),
        )
        cache[key] = client
    return client


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects to an address the guard has just approved, never to a fresh lookup of the name.

    Without this, a name could resolve to a public address for the guard and to a private
    one a moment later for the connection (DNS rebinding).
    """

    def __init__(self, allowed_hosts: tuple[str, ...]) -> None:
        self._inner = httpcore.SyncBackend()
        self._allowed_hosts = allowed_hosts

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in safe_addresses(host, port, self._allowed_hosts):
            try:
                return self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error  # try the host's next address
        if last_error is not None:
            raise last_error
        raise httpcore.ConnectError(f"{host} has no address to connect to")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise UnsafeURL(f"unix sockets are never fetched ({path})")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _PinnedTransport(httpx.HTTPTransport):
    def __init__(self, ssl_context: ssl.SSLContext, allowed_hosts: tuple[str, ...]) -> None:
        super().__init__(verify=ssl_context)
        # httpx does not take a network backend; its pool does (httpx is pinned in pyproject).
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=_PinnedBackend(allowed_hosts)
        )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process: building it costs more than a local fetch."""
    return ssl.create_default_context(cafile=certifi.where())


def _check_before_request(client: httpx.Client, url: str, policy: FetchPolicy) -> None:
    check_url_safe(url, policy.allowed_hosts)
    if policy.respect_robots and not is_allowed_by_robots(
        url, policy.user_agent, lambda robots_url: _load_robots(client, robots_url, policy)
    ):
        raise RobotsDisallowed(f"robots.txt forbids {policy.user_agent!r} to fetch {url}", url=url)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _gate(policy: FetchPolicy) -> HostGate:
    if policy.host_gate is not None:
        return policy.host_gate
    return _local_gate(policy.politeness_delay, policy.host_concurrency, policy.total_timeout)


@functools.cache
def _local_gate(delay: float, concurrency: int, max_wait: float) -> LocalHostGate:
    """One gate per process and set of limits, so that every fetch here shares it."""
    return LocalHostGate(delay=delay, concurrency=concurrency, max_wait=max_wait)


def _load_robots(client: httpx.Client, robots_url: str, policy: FetchPolicy) -> tuple[int, bytes]:
    current = robots_url
    for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
        check_url_safe(current, policy.allowed_hosts)
        with (
            _gate(policy).slot(_host(current)),
            client.stream("GET", current, headers={"User-Agent": policy.user_agent}) as resp,
        ):
            if resp.status_code in REDIRECT_STATUSES and "location" in resp.headers:
                current = urljoin(current, resp.headers["location"])
                continue
            return resp.status_code, _read_capped(resp, 512_000, policy, current, strict=False)
    return 404, b""


def _next_hop(resp: httpx.Response, current: str, visited: set[str]) -> str:
    # httpx types Headers.get as returning Any; header values are always str.
    location: str = resp.headers.get("location", "").strip()
    if not location:
        raise HTTPStatusError(
            f"redirect {resp.status_code} without Location from {current}",
            status_code=resp.status_code,
            url=current,
        )
    target = urljoin(current, location)
    if target in visited:
        raise TooManyRedirects(f"redirect loop back to {target}", url=current)
    visited.add(target)
    return target


def _read_response(
    resp: httpx.Response,
    requested_url: str,
    final_url: str,
    policy: FetchPolicy,
    accepted: tuple[str, ...],
) -> FetchResult:
    headers = {name.lower(): value for name, value in resp.headers.items()}
    content_type, charset = _split_content_type(headers.get("content-type", ""))
    if resp.status_code == 304:
        body = b""
    elif resp.status_code >= 400 or resp.status_code < 200:
        raise HTTPStatusError(
            f"HTTP {resp.status_code} for {final_url}",
            status_code=resp.status_code,
            retry_after=_parse_retry_after(headers.get("retry-after")),
            url=final_url,
        )
    else:
        # A missing Content-Type is let through: the decoder refuses binary bodies anyway.
        if content_type and content_type not in accepted:
            raise UnsupportedContentType(
                f"{final_url} is {content_type}, not one of {', '.join(accepted)}", url=final_url
            )
        _reject_declared_length(headers, policy.max_bytes, final_url)
        body = _read_capped(resp, policy.max_bytes, policy, final_url, strict=True)
    return FetchResult(
        requested_url=requested_url,
        final_url=final_url,
        status_code=resp.status_code,
        headers=headers,
        body=body,
        content_type=content_type,
        charset=charset,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
    )


def _reject_declared_length(headers: dict[str, str], max_bytes: int, url: str) -> None:
    # Only trustworthy for identity encoding: a compressed length says nothing of the body size,
    # but a compressed body already larger than the cap can be refused all the same.
    try:
        declared = int(headers.get("content-length", ""))
    except ValueError:
        return
    if declared > max_bytes:
        raise TooLarge(f"{url} declares {declared} bytes, over the {max_bytes} limit", url=url)


def _read_capped(
    resp: httpx.Response, max_bytes: int, policy: FetchPolicy, url: str, *, strict: bool
) -> bytes:
    deadline = time.monotonic() + policy.total_timeout
    chunks: list[bytes] = []
    size = 0
    # httpx's own decoders expand a whole network chunk through every layer before returning.
    body = decoded_chunks(resp.iter_raw(), resp.headers.get("content-encoding", ""))
    try:
        for chunk in body:
            size += len(chunk)
            if size > max_bytes:
                if not strict:
                    break
                raise TooLarge(f"{url} body exceeds the {max_bytes} byte limit", url=url)
            if time.monotonic() > deadline:
                raise FetchTimeout(f"{url} took longer than {policy.total_timeout}s", url=url)
            chunks.append(chunk)
    except DecompressionError as error:
        raise FetchError(f"cannot decode the compressed body of {url}: {error}", url=url) from error
    finally:
        body.close()
    return b"".join(chunks)[:max_bytes]


def _split_content_type(value: str) -> tuple[str, str | None]:
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset" and raw.strip():
            charset = raw.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@contextmanager
def _translate_errors(url: str) -> Iterator[None]:
    """Turn httpx's exceptions into the fetcher's own, keeping the cause chained."""
    try:
        yield
    except FetchError:
        raise
    except httpx.TimeoutException as exc:
        raise FetchTimeout(
            f"timed out fetching {url}: {str(exc) or type(exc).__name__}", url=url
        ) from exc
    except httpx.RemoteProtocolError as exc:
        # Typically the peer closed before sending the whole Content-Length.
        raise ConnectionFailed(f"incomplete response from {url}: {exc}", url=url) from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"cannot decode the compressed body of {url}: {exc}", url=url) from exc
    except (httpx.NetworkError, httpx.ProtocolError) as exc:
        raise ConnectionFailed(f"connection to {url} failed: {exc}", url=url) from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL {url}: {exc}", url=url) from exc
