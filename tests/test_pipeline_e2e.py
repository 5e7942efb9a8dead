"""One page from a local news site to PostgreSQL through Redis and a real Celery worker."""

from __future__ import annotations

import pytest
import redis
from celery import current_app
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from claims.models import Claim, Evidence
from curation.models import Article, Citation
from tests.conftest import missing_service
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


@pytest.fixture
def celery_worker(broker_url: str, django_db_blocker):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        missing_service("a worker process needs PostgreSQL to share the test database")
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    redis.Redis.from_url(broker_url).delete(queue)
    worker = CeleryWorker(database_url=database_url, broker_url=broker_url, queue=queue).start()
    current_app.conf.task_always_eager = False
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
