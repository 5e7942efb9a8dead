"""Shared fixtures: the cast of personas, the demo site, real services and their guards.

Where a real service (PostgreSQL, Redis, Chromium) is missing a test skips on a laptop, but
fails under REQUIRE_SERVICES=1, which CI sets.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery import current_app
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from curation.services import forget_outlets
from demo.server import DemoSite

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Playwright's sync API runs an event loop in the test thread; the ORM calls our browser
# tests make between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def missing_service(reason: str) -> None:
    """Skip on a developer laptop, fail in CI."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _test_settings(settings: object) -> Iterator[None]:
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]  # type: ignore[attr-defined]
    settings.FETCH_POLITENESS_DELAY = 0.0  # type: ignore[attr-defined]
    settings.FETCH_RETRY_BACKOFF = 0.05  # type: ignore[attr-defined]
    settings.FETCH_READ_TIMEOUT = 2.0  # type: ignore[attr-defined]
    settings.FETCH_CONNECT_TIMEOUT = 2.0  # type: ignore[attr-defined]
    settings.FETCH_MAX_BYTES = 1_000_000  # type: ignore[attr-defined]
    settings.FETCH_RESPECT_ROBOTS = True  # type: ignore[attr-defined]
    # Fresh per-host slots for each test: a worker killed by one test holds its slot a while.
    settings.FETCH_HOST_GATE_PREFIX = f"ronten-test:{uuid.uuid4().hex}:"  # type: ignore[attr-defined]
    previous = current_app.conf.task_always_eager
    # Unit tests run tasks in-process; the end-to-end tests switch to a real worker.
    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = previous
    # Each test's database is thrown away; outlets remembered from it must be too, and what
    # the published side rendered from it (frozen clocks can repeat its change stamp). A Redis
    # store a test points it at is shared, not ours to empty: its keys carry that test's prefix.
    forget_outlets()
    published = caches["published"]
    if isinstance(published, LocMemCache):
        published.clear()


@pytest.fixture(scope="session", autouse=True)
def _require_postgresql(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    from django.db import connection

    if REQUIRE_SERVICES and connection.vendor != "postgresql":
        pytest.fail("REQUIRE_SERVICES=1 but DATABASE_URL does not point at PostgreSQL")
    yield
    if connection.vendor == "postgresql":
        # The live server's request threads may leave a connection behind; close them so
        # that the test database can be dropped at the end of the session.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


# Personas ------------------------------------------------------------------------------


def _user(username: str, *, group: str | None = None, staff: bool = False) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if staff:
        user.is_staff = user.is_superuser = True
        user.save()
    return user


@pytest.fixture
def editor(db: None) -> User:
    return _user("erika", group="editor")


@pytest.fixture
def second_editor(db: None) -> User:
    return _user("kenji", group="editor")


@pytest.fixture
def analyst(db: None) -> User:
    return _user("aiko", group="analyst")


@pytest.fixture
def api_client_user(db: None) -> User:
    return _user("robot", group="api_client")


@pytest.fixture
def admin_user(db: None) -> User:
    return _user("root-admin", staff=True)


@pytest.fixture
def outsider(db: None) -> User:
    return _user("outsider")


# Local sites ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


@pytest.fixture
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
    if not path or not os.path.exists(path):
        missing_service("Debian's chromium is not installed")
    return path


@pytest.fixture
def browser(chromium_path: str) -> Iterator[object]:
    from tests.browsing import launch_chromium

    yield from launch_chromium(chromium_path)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A transactional test must restore the migrated data (roles, taxonomy) it flushes.

    Without serialized_rollback its flush re-creates content types behind the back of the
    tests that do restore, and every later test finds the role groups gone.

    The long faults (a minute each) run only under RONTEN_LONG_FAULTS=1 (`make reliability`);
    elsewhere they are deselected rather than skipped, since CI counts a skip as a failure.
    """
    if os.environ.get("RONTEN_LONG_FAULTS") != "1":
        long_faults = [item for item in items if item.get_closest_marker("long_fault")]
        if long_faults:
            config.hook.pytest_deselected(items=long_faults)
            items[:] = [item for item in items if not item.get_closest_marker("long_fault")]
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )
