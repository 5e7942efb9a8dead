"""Fetching engine: safe HTTP GET of news pages, feeds and sitemaps (no Django)."""

from .client import FEED_TYPES, HTML_TYPES, FetchPolicy, FetchResult, fetch
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
from .guard import check_url_safe
from .hostgate import HostBusy, HostGate, LocalHostGate, RedisHostGate
from .robots import clear_robots_cache

__all__ = [
    "FEED_TYPES",
    "HTML_TYPES",
    "ConnectionFailed",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "FetchTimeout",
    "HTTPStatusError",
    "HostBusy",
    "HostGate",
    "LocalHostGate",
    "RedisHostGate",
    "RobotsDisallowed",
    "TooLarge",
    "TooManyRedirects",
    "UnsafeURL",
    "UnsupportedContentType",
    "check_url_safe",
    "clear_robots_cache",
    "fetch",
]
