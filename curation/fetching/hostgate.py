"""Per-host limits on fetching: how many requests run at once, and how far apart they start.

Celery workers are separate processes (and often separate machines), so the limits that keep
us polite to a news site must live where every worker sees them: :class:`RedisHostGate` keeps
them in Redis. :class:`LocalHostGate` keeps the same limits within one process, for the
embedded mode without a broker.

A slot is a lease: a worker killed while holding one (SIGKILL, lost machine) gives it back
when the lease runs out, so a host is never blocked for good.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from .errors import FetchError

logger = logging.getLogger(__name__)


class HostBusy(FetchError):
    """Every slot for the host stayed taken for as long as we may wait; try again later."""

    reason = "host_busy"
    transient = True


class HostGate(Protocol):
    def slot(self, host: str) -> Any:
        """A context manager: entered when this request may start, left when it is done."""


class LocalHostGate:
    """The limits within this process (threads share them)."""

    def __init__(self, *, delay: float, concurrency: int, max_wait: float) -> None:
        self.delay = delay
        self.concurrency = max(1, concurrency)
        self.max_wait = max_wait
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._semaphores.setdefault(
                host, threading.BoundedSemaphore(self.concurrency)
            )
        if not semaphore.acquire(timeout=self.max_wait):
            raise HostBusy(f"{self.concurrency} requests to {host} already running", url=host)
        try:
            time.sleep(self.book_start(host))
            yield
        finally:
            semaphore.release()

    def book_start(self, host: str) -> float:
        """Book the next start for ``host``; returns how long to wait before it."""
        if self.delay <= 0:
            return 0.0
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + self.delay
        return start - now


# KEYS: the host's slot set, its next-start key. ARGV: token, concurrency, lease ms, delay ms.
# Returns the milliseconds to wait before starting, or -1 when every slot is taken. Redis's
# own clock is used so that workers on machines with skewed clocks still agree.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return -1
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
local delay = tonumber(ARGV[4])
if delay <= 0 then
  return 0
end
local start = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
redis.call('SET', KEYS[2], start + delay, 'PX', start - now + delay + 1000)
return start - now
"""


class RedisHostGate:
    """The limits shared by every process that uses the same Redis and key prefix."""

    POLL_SECONDS = 0.05

    def __init__(
        self,
        client: Any,
        *,
        delay: float,
        concurrency: int,
        max_wait: float,
        lease: float,
        prefix: str = "ronten:fetch-host:",
    ) -> None:
        self.client = client
        self.delay = delay
        self.concurrency = max(1, concurrency)
        self.max_wait = max_wait
        self.lease = lease
        self.prefix = prefix
        self._acquire = client.register_script(_ACQUIRE)
        self._fallback = LocalHostGate(delay=delay, concurrency=concurrency, max_wait=max_wait)

    def _keys(self, host: str) -> list[str]:
        return [f"{self.prefix}{host}:slots", f"{self.prefix}{host}:next"]

    def try_acquire(self, host: str, token: str) -> float | None:
        """Take a slot for ``token``: seconds to wait before starting, or None when full."""
        waited_ms = self._acquire(
            keys=self._keys(host),
            args=[token, self.concurrency, int(self.lease * 1000), int(self.delay * 1000)],
        )
        return None if int(waited_ms) < 0 else int(waited_ms) / 1000

    def release(self, host: str, token: str) -> None:
        self.client.zrem(self._keys(host)[0], token)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        token = uuid.uuid4().hex
        try:
            wait = self._wait_for_slot(host, token)
        except HostBusy:
            raise
        except Exception as error:  # Redis unreachable: keep fetching, politely, per process
            logger.warning("host gate unavailable (%s); limiting %s in this process", error, host)
            with self._fallback.slot(host):
                yield
            return
        try:
            time.sleep(wait)
            yield
        finally:
            try:
                self.release(host, token)
            except Exception as error:  # the lease runs out on its own
                logger.warning("could not release the slot for %s: %s", host, error)

    def _wait_for_slot(self, host: str, token: str) -> float:
        deadline = time.monotonic() + self.max_wait
        while True:
            wait = self.try_acquire(host, token)
            if wait is not None:
                return wait
            if time.monotonic() >= deadline:
                raise HostBusy(
                    f"{self.concurrency} requests to {host} already running across workers",
                    url=host,
                )
            time.sleep(self.POLL_SECONDS * random.uniform(0.5, 1.5))
