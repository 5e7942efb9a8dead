"""robots.txt that could not be asked for (our own host slot busy) is not taken as allow-all."""

from __future__ import annotations

import pytest

from curation.fetching import FetchPolicy, HostBusy, RobotsDisallowed, fetch
from curation.fetching.hostgate import LocalHostGate
from curation.fetching.robots import ROBOTS_ERROR_TTL, ROBOTS_TTL, _cache, is_allowed_by_robots
from tests.engines.faulty_server import FaultyServer

pytestmark = pytest.mark.reliability


def test_a_busy_host_slot_while_asking_for_robots_txt_is_not_cached_as_allow_all() -> None:
    gate = LocalHostGate(delay=0.0, concurrency=1, max_wait=0.2)
    policy = FetchPolicy(
        user_agent="RontenTest/1.0",
        allowed_hosts=("127.0.0.1",),
        read_timeout=1.0,
        host_gate=gate,
    )
    with FaultyServer() as server:
        # Another request holds the only slot for the host while we ask for robots.txt.
        with gate.slot("127.0.0.1"), pytest.raises(HostBusy):
            fetch(server.url("/private/page"), policy)

        # The slot is free again: robots.txt is asked for now, and it forbids the page.
        with pytest.raises(RobotsDisallowed):
            fetch(server.url("/private/page"), policy)

        assert "/private/page" not in server.paths_requested()


def test_an_unreachable_robots_txt_allows_for_minutes_not_an_hour() -> None:
    def down(url: str) -> tuple[int, bytes]:
        raise ConnectionError("refused")

    assert is_allowed_by_robots("https://flaky.example.jp/a", "RontenTest", down)
    assert is_allowed_by_robots("https://five.example.jp/a", "RontenTest", lambda url: (503, b""))
    assert is_allowed_by_robots("https://none.example.jp/a", "RontenTest", lambda url: (404, b""))

    kept = {url: expires for url, (expires, _) in _cache.items()}
    flaky, five, none = (
        kept[f"https://{host}.example.jp/robots.txt"] for host in ("flaky", "five", "none")
    )
    assert none - flaky == pytest.approx(ROBOTS_TTL - ROBOTS_ERROR_TTL, abs=5)
    assert none - five == pytest.approx(ROBOTS_TTL - ROBOTS_ERROR_TTL, abs=5)
