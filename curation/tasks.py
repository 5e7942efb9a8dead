"""Celery tasks of the source side: they load ids, call services and record outcomes."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.conf import settings

from curation import services


@shared_task(
    name="curation.fetch_article",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def fetch_article(self: Task[Any, Any], article_id: int) -> str:
    final_attempt = self.request.retries >= settings.FETCH_MAX_RETRIES
    try:
        outcome = services.fetch_article(
            article_id=article_id,
            token=self.request.id,
            final_attempt=final_attempt or bool(self.request.is_eager),
        )
    except services.RetryLater as retry:
        if retry.countdown > settings.FETCH_MAX_COUNTDOWN:
            # Not held here (nor by Redis as unacknowledged) for minutes: the article is
            # pending with its due time, and the sweeper queues it then.
            return "pending"
        raise self.retry(countdown=retry.countdown) from retry
    return outcome.status


@shared_task(name="curation.poll_feed", acks_late=True)
def poll_feed(feed_id: int) -> int:
    run = services.poll_feed(feed_id=feed_id)
    return run.new_urls if run else 0


@shared_task(name="curation.poll_due_feeds")
def poll_due_feeds() -> int:
    feed_ids = services.due_feed_ids()
    for feed_id in feed_ids:
        poll_feed.delay(feed_id)
    return len(feed_ids)


@shared_task(name="curation.sweep_stale_fetches")
def sweep_stale_fetches() -> int:
    """Requeue lost fetches and lost extractions (see services.sweep_stale_fetches)."""
    return len(services.sweep_stale_fetches())
