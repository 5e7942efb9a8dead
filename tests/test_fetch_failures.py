"""Bad responses leave a clear error on the record and no half-written rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Claim
from curation import services
from curation.models import Article, Citation, Feed
from curation.services.claiming import STALE_CLAIM_AFTER, claim_article_for_fetch
from curation.services.feeds import claim_feed_for_poll
from tests.engines.faulty_server import FaultyServer
from tests.factories import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def faulty():
    with FaultyServer() as server:
        yield server


def assert_nothing_half_written(article: Article) -> None:
    assert article.text == ""
    assert article.title == ""
    assert not article.raw_bytes
    assert not Citation.objects.filter(article=article).exists()
    assert not Claim.objects.filter(evidence__article=article).exists()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "http_404"),
        ("/error", "http_500"),
        ("/slow", "timeout"),
        ("/pdf", "unsupported_content_type"),
        ("/huge-declared", "too_large"),
        ("/huge-chunked", "too_large"),
        ("/loop/a", "too_many_redirects"),
        ("/redirect-private", "unsafe_url"),
        ("/truncated", "connection_failed"),
        ("/private/page", "robots_disallowed"),
    ],
)
def test_bad_response_is_recorded_on_the_article(faulty, settings, path, reason):
    settings.FETCH_READ_TIMEOUT = 0.5

    article = ingest(faulty.url(path))

    assert article.status == Article.Status.FAILED
    assert article.error_reason == reason
    assert article.error_message
    assert article.attempts == 1
    assert_nothing_half_written(article)


def test_transient_failure_is_retried_then_recorded(faulty):
    article, _ = services.enqueue_url(url=faulty.url("/error"))  # not run: no commit in test

    with pytest.raises(services.RetryLater) as retry:
        services.fetch_article(article_id=article.pk, token="t1", final_attempt=False)
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING
    assert article.error_reason == "http_500"
    assert retry.value.countdown > 0

    outcome = services.fetch_article(article_id=article.pk, token="t2", final_attempt=True)

    article.refresh_from_db()
    assert outcome.status == Article.Status.FAILED
    assert article.attempts == 2
    assert faulty.paths_requested().count("/error") == 2


def test_retry_after_header_sets_the_earliest_retry(faulty):
    article, _ = services.enqueue_url(url=faulty.url("/busy"))

    with pytest.raises(services.RetryLater) as retry:
        services.fetch_article(article_id=article.pk, token="t1", final_attempt=False)

    assert retry.value.countdown >= 7


def test_a_claimed_fetch_is_not_run_twice(faulty):
    article, _ = services.enqueue_url(url=faulty.url("/ok"))
    assert claim_article_for_fetch(article_id=article.pk, token="first")

    outcome = services.fetch_article(article_id=article.pk, token="second")

    assert outcome.detail == "not claimable"
    assert "/ok" not in faulty.paths_requested()


def test_a_claim_returns_the_article_as_claimed_and_nothing_to_a_second_worker(faulty):
    article, _ = services.enqueue_url(url=faulty.url("/ok"))

    claimed = claim_article_for_fetch(article_id=article.pk, token="first")
    refused = claim_article_for_fetch(article_id=article.pk, token="second")

    assert claimed is not None and refused is None
    assert (claimed.pk, claimed.status, claimed.claim_token) == (
        article.pk,
        Article.Status.FETCHING,
        "first",
    )
    assert claimed.requested_url == article.requested_url
    assert claimed.claimed_at is not None and claimed.claimed_at.tzinfo is not None
    assert claimed.get_deferred_fields() >= set(Article.LARGE_FIELDS)


def test_a_stale_claim_is_taken_over(faulty):
    article, _ = services.enqueue_url(url=faulty.url("/ok"))
    claim_article_for_fetch(article_id=article.pk, token="lost")
    Article.objects.filter(pk=article.pk).update(
        claimed_at=timezone.now() - STALE_CLAIM_AFTER - timedelta(seconds=1)
    )

    taken = claim_article_for_fetch(article_id=article.pk, token="new")

    assert taken is not None and taken.claim_token == "new"


def test_redelivered_task_takes_back_its_own_claim(faulty):
    article, _ = services.enqueue_url(url=faulty.url("/ok"))
    assert claim_article_for_fetch(article_id=article.pk, token="task-1")

    outcome = services.fetch_article(article_id=article.pk, token="task-1")

    assert outcome.status == Article.Status.FETCHED


def test_feed_that_fails_records_its_error(faulty):
    feed = services.create_feed(url=faulty.url("/error"))

    run = services.poll_feed(feed_id=feed.pk)

    feed.refresh_from_db()
    assert "http_500" in run.error
    assert "http_500" in feed.last_error
    assert feed.consecutive_failures == 1
    assert feed.poll_started_at is None
    assert not Article.objects.exists()


def test_feed_that_is_not_a_feed_records_a_clear_error(faulty):
    feed = services.create_feed(url=faulty.url("/pdf"))

    services.poll_feed(feed_id=feed.pk)

    feed.refresh_from_db()
    assert feed.last_error
    assert not Article.objects.exists()


def test_concurrent_poll_of_the_same_feed_is_skipped(faulty):
    feed = services.create_feed(url=faulty.url("/ok"))
    from django.utils import timezone

    assert claim_feed_for_poll(feed_id=feed.pk, now=timezone.now())

    assert services.poll_feed(feed_id=feed.pk) is None
    assert Feed.objects.get(pk=feed.pk).polls.count() == 0
