"""Per-host limits shared through the real Redis, and kept per process without it."""

from __future__ import annotations

import itertools
import os
import threading
import time
import uuid

import pytest
import redis

from curation.fetching import HostBusy, LocalHostGate, RedisHostGate
from tests.conftest import missing_service

HOST = "news.example.jp"


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        missing_service("CELERY_BROKER_URL does not point at Redis")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing_service(f"Redis is not reachable: {error}")
    return url


@pytest.fixture
def gates(redis_url):  # type: ignore[no-untyped-def]
    """Build gates as separate worker processes would: each with its own Redis connection."""
    prefix = f"ronten-test:{uuid.uuid4().hex}:"
    made: list[redis.Redis] = []

    def make(**limits: float) -> RedisHostGate:
        client = redis.Redis.from_url(redis_url)
        made.append(client)
        options = {"delay": 0.0, "concurrency": 1, "max_wait": 0.3, "lease": 30.0, **limits}
        return RedisHostGate(client, prefix=prefix, **options)  # type: ignore[arg-type]

    yield make
    for client in made:
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        client.close()


def test_the_politeness_delay_holds_across_workers(gates):  # type: ignore[no-untyped-def]
    first, second = gates(delay=0.5, concurrency=2), gates(delay=0.5, concurrency=2)

    assert first.try_acquire(HOST, "a") == 0
    waited = second.try_acquire(HOST, "b")

    assert waited is not None and 0.4 <= waited <= 0.5


def test_other_hosts_are_not_held_up(gates):  # type: ignore[no-untyped-def]
    first, second = gates(delay=5.0), gates(delay=5.0)

    assert first.try_acquire(HOST, "a") == 0
    assert second.try_acquire("other.example.jp", "b") == 0


def test_a_full_host_admits_the_next_request_once_a_slot_is_released(gates):  # type: ignore[no-untyped-def]
    first, second = gates(concurrency=1), gates(concurrency=1)
    assert first.try_acquire(HOST, "a") == 0

    assert second.try_acquire(HOST, "b") is None
    first.release(HOST, "a")
    assert second.try_acquire(HOST, "b") == 0


def test_a_slot_of_a_killed_worker_comes_back_when_its_lease_ends(gates):  # type: ignore[no-untyped-def]
    killed, survivor = gates(concurrency=1, lease=0.3), gates(concurrency=1, lease=0.3)
    assert killed.try_acquire(HOST, "never-released") == 0

    assert survivor.try_acquire(HOST, "b") is None
    time.sleep(0.4)
    assert survivor.try_acquire(HOST, "b") == 0


def test_waiting_too_long_for_a_slot_is_a_transient_failure(gates):  # type: ignore[no-untyped-def]
    holder, waiter = gates(concurrency=1), gates(concurrency=1, max_wait=0.2)
    assert holder.try_acquire(HOST, "a") == 0

    with pytest.raises(HostBusy) as raised, waiter.slot(HOST):
        pass

    assert raised.value.transient and raised.value.reason == "host_busy"


def test_a_slot_is_given_back_when_the_request_ends(gates):  # type: ignore[no-untyped-def]
    first, second = gates(concurrency=1), gates(concurrency=1)
    with first.slot(HOST):
        assert second.try_acquire(HOST, "b") is None

    assert second.try_acquire(HOST, "b") == 0


def test_without_redis_the_limits_hold_in_the_process() -> None:
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    gate = RedisHostGate(unreachable, delay=0.0, concurrency=1, max_wait=0.2, lease=30.0)
    entered = []

    with gate.slot(HOST):
        entered.append(True)
        with pytest.raises(HostBusy), gate.slot(HOST):
            pass

    assert entered == [True]


def test_local_gate_limits_threads_and_spaces_their_starts() -> None:
    gate = LocalHostGate(delay=0.2, concurrency=2, max_wait=5.0)
    running, peak, starts = 0, 0, []
    lock = threading.Lock()

    def request() -> None:
        nonlocal running, peak
        with gate.slot(HOST):
            with lock:
                running += 1
                peak = max(peak, running)
                starts.append(time.monotonic())
            time.sleep(0.3)
            with lock:
                running -= 1

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    gaps = [later - earlier for earlier, later in itertools.pairwise(sorted(starts))]
    assert peak == 2
    assert min(gaps) >= 0.15
