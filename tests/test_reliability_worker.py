"""Faults with real processes: time limits, a terminated database connection, a killed worker.

Each test runs a real Celery worker (tests/worker.py) on the test database and Redis.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta

import pytest
import redis
from celery import current_app
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from claims.models import Claim, Evidence
from curation import services
from curation.models import Article
from curation.services.claiming import STALE_CLAIM_AFTER
from curation.services.enqueue import EXTRACT_TASK, FETCH_TASK
from tests.conftest import missing_service
from tests.engines.faulty_server import ARTICLE_HTML, FaultyRequestHandler, FaultyServer
from tests.reliability_report import FIGURES as figures
from tests.test_pipeline_e2e import broker_url, start_worker  # noqa: F401 (a fixture)
from tests.worker import CeleryWorker, wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.reliability,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The long faults (a minute each) stay out of `make test` (CI): deselected there, never skipped
# (tests/conftest.py); `make reliability` runs them.
long_fault = pytest.mark.long_fault

SETTLED = [Article.Status.FETCHED, Article.Status.DUPLICATE, Article.Status.FAILED]


def long_page(paragraphs: int) -> str:
    """A page of our own claim sentences, one a paragraph (a numbered series of talks).

    Under the parser's element cap (curation/parsing/article.py), so that trafilatura reads it:
    at 25,000 paragraphs that takes seconds, which the time limits below are set against."""
    body = "".join(
        f"<p>{1 + number % 12}月{1 + number % 28}日、ゼレンスキー大統領は第{number}回の協議で"
        f"ロシアとの停戦に応じる用意があると述べた。</p>"
        for number in range(paragraphs)
    )
    return (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>協議の記録</title>'
        f"</head><body><article><h1>協議の記録</h1>{body}</article></body></html>"
    )


@pytest.fixture
def time_limits():
    """Time limits for the tasks this process sends: a sender stamps the task's own on the
    message (production's processes share one environment; here the worker's differ)."""
    tasks = [current_app.tasks[name] for name in (FETCH_TASK, EXTRACT_TASK)]
    previous = [(task.soft_time_limit, task.time_limit) for task in tasks]

    def set_limits(soft: float, hard: float) -> dict[str, str]:
        for task in tasks:
            task.soft_time_limit, task.time_limit = soft or None, hard  # 0: no soft limit
            task._exec_options = None  # Celery caches the options it stamps
        return {"CELERY_TASK_SOFT_TIME_LIMIT": str(soft), "CELERY_TASK_TIME_LIMIT": str(hard)}

    yield set_limits
    for task, (soft, hard) in zip(tasks, previous, strict=True):
        task.soft_time_limit, task.time_limit = soft, hard
        task._exec_options = None


@pytest.fixture
def stopped_workers():
    """Workers a test starts; all stopped at the end, their last lines printed."""
    workers: list[CeleryWorker] = []
    yield workers
    for worker in workers:
        worker.stop()
        print("\n".join(worker.output[-400:]))


# Item 2: every task has time limits; a poisoned page ends failed -------------------------------


def test_a_page_whose_parse_outlasts_the_soft_limit_ends_failed_not_requeued(
    broker_url,  # noqa: F811
    stopped_workers,
    time_limits,
):
    # A parse that takes seconds (a long page) against a soft limit of one second.
    page = long_page(25_000).encode("utf-8")

    def slow_to_parse(request: FaultyRequestHandler) -> None:
        request.send_text(200, "text/html; charset=utf-8", page)

    stopped_workers.append(
        start_worker(
            broker_url,
            extra_env={
                **time_limits(1, 30),
                "FETCH_MAX_BYTES": "8000000",
                "FETCH_MAX_RETRIES": "2",
            },
        )
    )
    with FaultyServer({"/poisoned": slow_to_parse}) as server:
        call_command("ingest_url", server.url("/poisoned"))
        wait_for(lambda: Article.objects.filter(status__in=SETTLED).exists(), timeout=90)
        requests = server.paths_requested().count("/poisoned")

    article = Article.objects.get()
    figures.add("faults injected")
    figures.add("rows lost", int(article.status not in SETTLED))
    assert article.status == Article.Status.FAILED
    assert article.error_reason == "time_limit"
    assert "soft time limit" in article.error_message
    assert article.attempts == 3 == requests  # the first try and FETCH_MAX_RETRIES=2 retries
    later = timezone.now() + timedelta(hours=1)
    assert services.sweep_stale_fetches(now=later) == []
    figures.add("faults survived")


def test_a_page_that_gets_its_worker_killed_every_time_is_given_up(
    broker_url,  # noqa: F811
    stopped_workers,
    time_limits,
):
    """The hard limit kills the child mid-parse (a regex stuck in C ignores the soft limit);
    each sweep requeues it, until FETCH_MAX_STARTS fetches have started and none finished."""
    page = long_page(25_000).encode("utf-8")

    def slow_to_parse(request: FaultyRequestHandler) -> None:
        request.send_text(200, "text/html; charset=utf-8", page)

    stopped_workers.append(
        start_worker(
            broker_url,
            extra_env={
                **time_limits(0, 1.5),  # no soft limit: as if the parse never noticed it
                "FETCH_MAX_BYTES": "8000000",
                "FETCH_MAX_STARTS": "3",
            },
        )
    )
    with FaultyServer({"/poisoned": slow_to_parse}) as server:
        call_command("ingest_url", server.url("/poisoned"))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            article = Article.objects.get()
            if article.status == Article.Status.FAILED:
                break
            killed = article.claimed_at and article.claimed_at < timezone.now() - timedelta(
                seconds=3
            )
            if article.status == Article.Status.FETCHING and killed:
                # What beat's sweeper does once the claim is stale.
                services.sweep_stale_fetches(now=timezone.now() + STALE_CLAIM_AFTER)
            time.sleep(0.3)
        requests = server.paths_requested().count("/poisoned")

    article = Article.objects.get()
    figures.add("faults injected", requests)
    figures.add("rows lost", int(article.status not in SETTLED))
    assert article.status == Article.Status.FAILED
    assert article.error_reason == "gave_up"
    assert requests == 3
    assert services.sweep_stale_fetches(now=timezone.now() + timedelta(hours=1)) == []
    figures.add("faults survived", requests)


# Item 5: an extraction cut short by a terminated connection is retried, all or nothing -----


def _terminate_other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND state IN ('active', 'idle in transaction')"
        )
        return int(cursor.fetchone()[0])


def test_extraction_cut_by_a_terminated_connection_is_retried_and_written_once(
    broker_url,  # noqa: F811
    stopped_workers,
):
    page = long_page(400)

    def article(request: FaultyRequestHandler) -> None:
        request.send_text(200, "text/html; charset=utf-8", page)

    stopped_workers.append(start_worker(broker_url))
    with FaultyServer({"/long": article}) as server:
        call_command("ingest_url", server.url("/long"))
        wait_for(lambda: Article.objects.filter(status="fetched").exists(), timeout=60)
        terminated = 0
        # Terminate the worker's connection while it extracts (it takes a few seconds).
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and not terminated:
            terminated += _terminate_other_backends()
            time.sleep(0.05)
        wait_for(lambda: Article.objects.filter(extracted_at__isnull=False).exists(), timeout=120)

    stored = Article.objects.get()
    figures.add("faults injected", terminated)
    assert terminated >= 1
    assert any(
        "OperationalError" in line or "retry" in line.lower() for line in stopped_workers[0].output
    )
    claims = Claim.objects.count()
    assert claims > 100
    evidence = list(Evidence.objects.filter(article=stored).values_list("start", "end"))
    figures.add("rows lost", 400 - len(set(evidence)))  # one claim a sentence, each once
    assert len(evidence) == len(set(evidence)) == claims
    figures.add("faults survived", terminated)


# Item 6: a whole worker killed mid-fetch; its task is back within 60 seconds -----------------


@long_fault
def test_a_killed_whole_worker_task_comes_back_within_a_minute(
    broker_url,  # noqa: F811
    stopped_workers,
):
    """Default recovery settings: the sweeper (run by beat every 5 s) requeues the claim once
    it is stale (the hard time limit + 2 s), a second worker fetches it."""
    state = {"calls": 0}
    hung = threading.Event()

    def hangs_first_time(request: FaultyRequestHandler) -> None:
        state["calls"] += 1
        if state["calls"] == 1:
            hung.wait(90)
            return
        request.send_text(200, "text/html; charset=utf-8", ARTICLE_HTML)

    recovery = {"FETCH_RETRY_BACKOFF": "30", "FETCH_MAX_RETRIES": "4", "FETCH_READ_TIMEOUT": "15"}
    first = start_worker(broker_url, extra_env=recovery)
    stopped_workers.append(first)
    try:
        with FaultyServer({"/news": hangs_first_time}) as server:
            call_command("ingest_url", server.url("/news"))
            wait_for(lambda: state["calls"] == 1, timeout=30)
            first.kill()
            killed_at = time.monotonic()
            stopped_workers.append(
                start_worker(broker_url, extra_env=recovery, extra_args=["--beat"])
            )
            wait_for(
                lambda: Article.objects.filter(status=Article.Status.FETCHED).exists(),
                timeout=90,
                interval=0.5,
            )
            back_after = time.monotonic() - killed_at
    finally:
        hung.set()

    print(f"killed worker's fetch back after {back_after:.1f} s")
    figures.add("faults injected")
    figures.peak("seconds until a killed worker's task came back", round(back_after, 1))
    figures.add("rows lost", int(not Article.objects.filter(status="fetched").exists()))
    assert back_after < 60
    figures.add("faults survived")
    assert Article.objects.get().fetch_starts == 2


# The suite: a private Redis stopped for 20 seconds in the middle of ingestion -----------------


class PrivateRedis:
    """A throwaway redis-server on a free port, without persistence: a restart loses the queue."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        binary = shutil.which("redis-server")
        if not binary:
            missing_service("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=10, interval=0.1)
        return self

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


@long_fault
def test_ingestion_survives_its_redis_stopped_for_twenty_seconds(stopped_workers):
    if connection.vendor != "postgresql":
        missing_service("a worker process needs PostgreSQL to share the test database")
    broker = PrivateRedis().start()
    paths = [f"/story/{number}" for number in range(8)]

    def story(request: FaultyRequestHandler) -> None:
        time.sleep(1)  # ingestion is under way when Redis goes
        number = int(request.path.rsplit("/", 1)[1]) + 1
        sentence = (
            f"<p>{number}日、米ロの外相は第{number}回の協議で捕虜交換について話し合った。</p>"
        )
        page = ARTICLE_HTML.replace("</article>", sentence + "</article>")
        request.send_text(200, "text/html; charset=utf-8", page)

    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    worker = CeleryWorker(
        database_url=database_url,
        broker_url=broker.url,
        queue="ronten",
        # The sweeper's timings shortened (the same mechanism as in production, faster).
        extra_env={"FETCH_STALE_CLAIM_SECONDS": "4", "CELERY_SWEEP_SECONDS": "2"},
        extra_args=["--beat"],
    )
    try:
        with FaultyServer({path: story for path in paths}) as server:
            # Articles as a feed poll leaves them: pending; beat's sweeper queues them.
            for path in paths:
                url = server.url(path)
                Article.objects.create(canonical_url=url, requested_url=url)
            stopped_workers.append(worker.start())
            wait_for(lambda: len(server.paths_requested()) >= 3, timeout=60)
            broker.stop()  # the queue, the unacknowledged messages and the host slots go
            figures.add("faults injected")
            time.sleep(20)
            broker.start()

            def done() -> bool:
                return Article.objects.filter(
                    status="fetched", extracted_at__isnull=False
                ).count() == len(paths)

            wait_for(done, timeout=150, interval=1)
    finally:
        broker.stop()

    articles = list(Article.objects.all())
    figures.add("rows lost", len(paths) - sum(a.extracted_at is not None for a in articles))
    assert len(articles) == len(paths)
    for article in articles:
        spans = list(Evidence.objects.filter(article=article).values_list("start", "end"))
        assert spans and len(spans) == len(set(spans))  # extracted, and only once
    assert Claim.objects.count() == Evidence.objects.count()
    figures.add("faults survived")


@long_fault
def test_a_worker_killed_mid_extraction_leaves_its_claims_written_once(
    broker_url,  # noqa: F811
    stopped_workers,
):
    """SIGKILL the whole worker while it writes 400 claims: nothing half-written stays, and
    the sweeper (beat in a second worker) has the extraction run again, all of it, once."""
    page = long_page(400)

    def article(request: FaultyRequestHandler) -> None:
        request.send_text(200, "text/html; charset=utf-8", page)

    first = start_worker(broker_url)
    stopped_workers.append(first)
    with FaultyServer({"/long": article}) as server:
        call_command("ingest_url", server.url("/long"))
        wait_for(lambda: Article.objects.filter(status="fetched").exists(), timeout=60)
        time.sleep(2)  # well into the writing of the claims (about ten seconds)
        first.kill()
        figures.add("faults injected")
        half_written = Claim.objects.count()
        killed_at = time.monotonic()
        stopped_workers.append(start_worker(broker_url, extra_args=["--beat"]))
        wait_for(
            lambda: Article.objects.filter(extracted_at__isnull=False).exists(),
            timeout=150,
            interval=0.5,
        )
        back_after = time.monotonic() - killed_at

    stored = Article.objects.get()
    evidence = list(Evidence.objects.filter(article=stored).values_list("start", "end"))
    figures.add("rows lost", 400 - len(set(evidence)))
    figures.peak("seconds until a killed extraction was written again", round(back_after, 1))
    assert half_written == 0  # the killed extraction's transaction left nothing behind
    assert len(evidence) == len(set(evidence)) == Claim.objects.count() == 400
    assert back_after < 60 + 15  # stale after 42 s, a sweep every 5 s, then ~10 s of writing
    figures.add("faults survived")
