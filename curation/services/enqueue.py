"""Letting a URL in: the http(s) check, the article row, the fetch task queued on commit."""

from __future__ import annotations

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from curation.fetching import UnsafeURL, check_url_safe
from curation.models import Article, Feed
from curation.parsing import canonicalize_url, is_web_url

EXTRACT_TASK = "claims.extract_article"
FETCH_TASK = "curation.fetch_article"


def queue_task(name: str, *args: object) -> None:
    """Queue a task by its stable name once the current transaction commits."""
    task = current_app.tasks[name]
    transaction.on_commit(lambda: task.delay(*args))


def enqueue_url(
    *, url: str, feed: Feed | None = None, refresh: bool = False
) -> tuple[Article, bool]:
    """Upsert the article for `url` and queue its fetch; returns (article, created).

    A URL already known is left alone (a pending one already has its fetch queued, and the
    sweeper requeues lost ones) unless `refresh` asks for a new fetch. Only http(s) URLs
    enter: anything else raises UnsafeURL.
    """
    require_web_url(url)
    article = _find_article_for_url(url)
    if article is None:
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    canonical_url=canonicalize_url(url), requested_url=url, feed=feed
                )
                queue_task(FETCH_TASK, article.pk)
            return article, True
        except IntegrityError:  # a concurrent enqueue of the same URL won the race
            article = Article.objects.get(canonical_url=canonicalize_url(url))
    if refresh:
        with transaction.atomic():
            refetch = Article.objects.filter(
                pk=article.pk, status__in=[Article.Status.FETCHED, Article.Status.FAILED]
            ).update(status=Article.Status.PENDING, attempts=0, fetch_starts=0, claim_token="")
            if refetch:
                queue_task(FETCH_TASK, article.pk)
    return article, False


def enqueue_public_url(*, url: str, refresh: bool = False) -> tuple[Article, bool]:
    """`enqueue_url` for an address given by a person (the sources page, `ingest_url`) or
    cited by a page: it must be public, checked here once (UnsafeURL; ConnectionFailed when
    its host does not resolve). Feed entries are not checked ahead: the fetcher's guard
    refuses them at connection time, and the failure shows on the article."""
    check_url_safe(url, settings.FETCH_ALLOWED_HOSTS)
    return enqueue_url(url=url, refresh=refresh)


def require_web_url(url: str) -> None:
    """Only absolute http(s) URLs enter the system (they end up as links on every page)."""
    if not is_web_url(url):
        raise UnsafeURL(f"only http and https URLs are accepted: {url[:200]!r}", url=url)


def _find_article_for_url(url: str) -> Article | None:
    """The article already stored for this URL, under its canonical, requested or final URL."""
    canonical = canonicalize_url(url)
    return (
        Article.objects.defer(*Article.LARGE_FIELDS)
        .filter(
            Q(canonical_url=canonical)
            | Q(requested_url__in=[url, canonical])
            | Q(final_url__in=[url, canonical])
        )
        .order_by("pk")
        .first()
    )
