"""One page from a local news site to PostgreSQL through Redis and a real Celery worker."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
import redis
from celery import current_app
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from claims.models import Claim, Evidence
from curation.models import Article, Citation
from tests.conftest import missing_service
from tests.engines.faulty_server import ARTICLE_HTML, FaultyRequestHandler, FaultyServer
from tests.worker import CeleryWorker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def broker_url() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        missing_service("CELERY_BROKER_URL does not point at Redis")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing_service(f"Redis is not reachable: {error}")
    return url


def start_worker(broker_url: str, **options: object) -> CeleryWorker:
    if connection.vendor != "postgresql":
        missing_service("a worker process needs PostgreSQL to share the test database")
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    redis.Redis.from_url(broker_url).delete(queue)
    worker = CeleryWorker(
        database_url=database_url,
        broker_url=broker_url,
        queue=queue,
        **options,  # type: ignore[arg-type]
    ).start()
    current_app.conf.task_always_eager = False
    return worker


@pytest.fixture
def celery_worker(broker_url: str, django_db_blocker):  # type: ignore[no-untyped-def]
    worker = start_worker(broker_url)
    yield worker
    worker.stop()
    print("\n".join(worker.output[-60:]))


@pytest.fixture
def two_process_worker(broker_url: str, django_db_blocker):  # type: ignore[no-untyped-def]
    """Two prefork children, allowed one request at a time to any host between them."""
    worker = start_worker(broker_url, concurrency=2, extra_env={"FETCH_HOST_CONCURRENCY": "1"})
    yield worker
    worker.stop()
    print("\n".join(worker.output[-60:]))


def _all_processed(count: int) -> bool:
    done = Article.objects.filter(extracted_at__isnull=False).count()
    return done >= count


def test_ingest_url_goes_through_redis_and_a_worker_into_postgresql(celery_worker, demo_site):
    pages = ["aggregator-feb.html", "kellogg-sjis.html", "munich-eucjp.html"]

    for name in pages:
        call_command("ingest_url", demo_site.url(name))

    wait_for(lambda: _all_processed(3), timeout=90)
    articles = {a.requested_url.rsplit("/", 1)[1]: a for a in Article.objects.all()}
    assert set(articles) == set(pages)
    sjis, eucjp = articles["kellogg-sjis.html"], articles["munich-eucjp.html"]
    assert sjis.encoding == "cp932"
    assert "ケロッグ" in sjis.text and "\ufffd" not in sjis.text
    assert eucjp.encoding.startswith("euc_j")
    assert "ミュンヘン安保会議" in eucjp.text and "\ufffd" not in eucjp.text
    assert Citation.objects.filter(article=articles["aggregator-feb.html"]).count() == 3
    for article in articles.values():
        evidence = Evidence.objects.filter(article=article)
        assert evidence.exists()
        for item in evidence:
            assert article.text[item.start : item.end] == item.exact
    assert any("ケロッグ" in claim.text for claim in Claim.objects.all())


def test_second_ingest_through_the_worker_creates_nothing(celery_worker, demo_site):
    call_command("ingest_url", demo_site.url("call-feb12.html"))
    wait_for(lambda: _all_processed(1), timeout=60)
    article = Article.objects.get()
    claims_before = Claim.objects.filter(evidence__article=article).count()

    call_command("ingest_url", demo_site.url("call-feb12.html"))
    call_command("ingest_url", demo_site.url("call-feb12.html?utm_campaign=x"))
    # The worker runs one task at a time in queue order: once this later page is done, any
    # fetch wrongly queued by the repeated ingests above would have run too.
    call_command("ingest_url", demo_site.url("riyadh-talks.html"))
    wait_for(lambda: _all_processed(2), timeout=60)

    assert Article.objects.count() == 2
    assert Claim.objects.filter(evidence__article=article).count() == claims_before
    article.refresh_from_db()
    assert article.attempts == 1


@pytest.fixture
def slow_once_server():
    """A page whose first request hangs (long enough to kill the worker mid-fetch)."""
    state = {"calls": 0}

    def slow_once(request: FaultyRequestHandler) -> None:
        state["calls"] += 1
        if state["calls"] == 1:
            time.sleep(20)
        request.send_text(200, "text/html; charset=utf-8", ARTICLE_HTML)

    with FaultyServer({"/slow-once": slow_once}) as server:
        yield server


def test_worker_killed_mid_fetch_leaves_exactly_one_article(celery_worker, slow_once_server):
    url = slow_once_server.url("/slow-once")
    call_command("ingest_url", url)
    wait_for(lambda: "/slow-once" in slow_once_server.paths_requested(), timeout=30)

    for pid in celery_worker.child_pids():
        os.kill(pid, signal.SIGKILL)

    wait_for(lambda: _all_processed(1), timeout=60)
    article = Article.objects.get()
    assert article.status == Article.Status.FETCHED
    assert "リヤド" in article.text
    assert article.attempts == 1
    assert slow_once_server.paths_requested().count("/slow-once") == 2
    assert Evidence.objects.filter(article=article).count() == Claim.objects.count()


def test_every_faulty_url_ends_as_one_article_or_one_recorded_failure(celery_worker):
    paths = [
        "/ok",
        "/gzip",
        "/redirect/1",
        "/missing",
        "/error",
        "/busy",
        "/pdf",
        "/reset",
        "/truncated",
        "/loop/a",
        "/huge-declared",
        "/redirect-private",
    ]
    settled = [Article.Status.FETCHED, Article.Status.DUPLICATE, Article.Status.FAILED]
    with FaultyServer() as server:
        for path in paths:
            call_command("ingest_url", server.url(path))
        wait_for(
            lambda: Article.objects.filter(status__in=settled).count() == len(paths),
            timeout=150,
        )
        requests = server.paths_requested()
        prefix = server.url("")

    assert Article.objects.count() == len(paths)
    by_path = {a.requested_url.removeprefix(prefix): a for a in Article.objects.all()}
    assert by_path["/ok"].status == Article.Status.FETCHED
    # Same text under another URL, and a redirect onto a known page: one story, one article.
    assert by_path["/gzip"].duplicate_of == by_path["/ok"]
    assert by_path["/redirect/1"].duplicate_of == by_path["/ok"]
    reasons = {path: a.error_reason for path, a in by_path.items() if a.status == "failed"}
    assert reasons == {
        "/missing": "http_404",
        "/error": "http_500",
        "/busy": "http_429",
        "/pdf": "unsupported_content_type",
        "/reset": "connection_failed",
        "/truncated": "connection_failed",
        "/loop/a": "too_many_redirects",
        "/huge-declared": "too_large",
        "/redirect-private": "unsafe_url",
    }
    # Transient failures were retried (FETCH_MAX_RETRIES=2 here), permanent ones were not.
    assert requests.count("/error") == 3
    assert requests.count("/missing") == 1
    assert Claim.objects.filter(evidence__article__status="failed").count() == 0


def test_two_worker_processes_keep_to_one_request_at_a_time_per_host(two_process_worker):
    state = {"running": 0, "peak": 0}
    lock = threading.Lock()

    def slow_page(request: FaultyRequestHandler) -> None:
        with lock:
            state["running"] += 1
            state["peak"] = max(state["peak"], state["running"])
        time.sleep(0.5)
        with lock:
            state["running"] -= 1
        request.send_text(200, "text/html; charset=utf-8", ARTICLE_HTML + request.path)

    paths = [f"/slow/{number}" for number in range(4)]
    with FaultyServer({path: slow_page for path in paths}) as server:
        for path in paths:
            call_command("ingest_url", server.url(path))
        wait_for(
            lambda: Article.objects.filter(status__in=["fetched", "duplicate"]).count() == 4,
            timeout=60,
        )

    assert state["peak"] == 1
    assert Article.objects.count() == 4
