from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest

from curation.fetching import clear_robots_cache
from tests.engines.faulty_server import FaultyServer


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to open a connection beyond 127.0.0.0/8 or ::1."""
    original_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])  # type: ignore[index]
            if not ipaddress.ip_address(host.split("%", 1)[0]).is_loopback:
                raise AssertionError(f"test tried to connect to non-loopback {host}")
        original_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture(autouse=True)
def fresh_robots_cache() -> Iterator[None]:
    clear_robots_cache()
    yield
    clear_robots_cache()


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running
