"""robots.txt checks with a small per-process cache.

One robots.txt is fetched per scheme+host+port and kept for ``ROBOTS_TTL`` seconds. A failure
to get it (network error, 5xx, unparsable) means "allowed" for ``ROBOTS_ERROR_TTL`` seconds only:
a flaky robots.txt must not stop ingestion, nor be taken as the site's word for an hour. A 4xx
means the site has none. When our own per-host slot is busy nothing was learnt: HostBusy is
raised (the fetch is retried later like any fetch to a busy host) and nothing is cached.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from .hostgate import HostBusy

ROBOTS_TTL = 3600.0
ROBOTS_ERROR_TTL = 300.0
ROBOTS_MAX_BYTES = 512_000
ROBOTS_CACHE_SIZE = 1024  # hosts; the oldest entry goes first when full

logger = logging.getLogger(__name__)

_cache: dict[str, tuple[float, Protego | None]] = {}
_lock = threading.Lock()

# Fetches robots.txt and returns (status, body); raising means "could not get it".
RobotsLoader = Callable[[str], tuple[int, bytes]]


def robots_url_for(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "/robots.txt", "", ""))


def is_allowed_by_robots(url: str, user_agent: str, load: RobotsLoader) -> bool:
    """True if robots.txt of ``url``'s site lets ``user_agent`` fetch it."""
    rules = _rules_for(robots_url_for(url), load)
    return rules is None or bool(rules.can_fetch(url, user_agent))


def clear_robots_cache() -> None:
    with _lock:
        _cache.clear()


def _rules_for(robots_url: str, load: RobotsLoader) -> Protego | None:
    now = time.monotonic()
    with _lock:
        cached = _cache.get(robots_url)
    if cached is not None and cached[0] > now:
        return cached[1]
    rules, ttl = _load_rules(robots_url, load)  # HostBusy propagates, and nothing is cached
    with _lock:
        _cache.pop(robots_url, None)
        while len(_cache) >= ROBOTS_CACHE_SIZE:
            del _cache[next(iter(_cache))]  # dicts keep insertion order: this is the oldest
        _cache[robots_url] = (now + ttl, rules)
    return rules


def _load_rules(robots_url: str, load: RobotsLoader) -> tuple[Protego | None, float]:
    """The rules and how long to keep them."""
    try:
        status, body = load(robots_url)
    except HostBusy:
        raise
    except Exception as exc:  # any failure to get robots.txt means "allowed", for a while
        logger.info("robots.txt %s unavailable (%s); treating as allow-all", robots_url, exc)
        return None, ROBOTS_ERROR_TTL
    if status >= 500:
        return None, ROBOTS_ERROR_TTL
    if status != 200:
        return None, ROBOTS_TTL
    try:
        return Protego.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")), ROBOTS_TTL
    except Exception as exc:  # a robots.txt we cannot parse forbids nothing
        logger.info("robots.txt %s unparsable (%s); treating as allow-all", robots_url, exc)
        return None, ROBOTS_ERROR_TTL
