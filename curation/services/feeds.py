"""Feeds: register one, poll it (one poller at a time), enqueue its new on-topic entries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from curation.fetching import FEED_TYPES, FetchError, FetchResult, check_url_safe, fetch
from curation.models import Article, Feed, FeedPoll
from curation.parsing import (
    FeedEntry,
    canonicalize_url,
    decode_html,
    is_web_url,
    parse_feed,
    parse_listing_entries,
    parse_sitemap,
)
from curation.services.claiming import STALE_CLAIM_AFTER
from curation.services.enqueue import enqueue_url, require_web_url
from curation.services.fetching import fetch_policy


def create_feed(
    *,
    url: str,
    kind: str = Feed.Kind.RSS,
    interval: timedelta = timedelta(minutes=15),
    **fields: object,
) -> Feed:
    require_web_url(url)
    check_url_safe(url, settings.FETCH_ALLOWED_HOSTS)
    feed, _ = Feed.objects.update_or_create(
        url=url, defaults={"kind": kind, "interval": interval, **fields}
    )
    return feed


def claim_feed_for_poll(*, feed_id: int, now: datetime) -> bool:
    """One conditional UPDATE so that two pollers never run the same feed at once."""
    free = Q(poll_started_at__isnull=True) | Q(poll_started_at__lt=now - STALE_CLAIM_AFTER)
    return Feed.objects.filter(free, pk=feed_id).update(poll_started_at=now) == 1


def poll_feed(*, feed_id: int) -> FeedPoll | None:
    """Fetch a feed, enqueue each new on-topic URL, record the run on the feed."""
    now = timezone.now()
    if not claim_feed_for_poll(feed_id=feed_id, now=now):
        return None
    feed = Feed.objects.get(pk=feed_id)
    run = FeedPoll.objects.create(feed=feed, started_at=now)
    try:
        result = fetch(
            feed.url,
            fetch_policy(),
            etag=feed.etag or None,
            last_modified=feed.last_modified or None,
            accept=FEED_TYPES,
        )
        entries = [] if result.status_code == 304 else _feed_entries(feed, result)
    except FetchError as error:
        run.error = f"{error.reason}: {error}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["error", "finished_at"])
        Feed.objects.filter(pk=feed.pk).update(
            poll_started_at=None,
            last_polled_at=now,
            last_error=run.error,
            consecutive_failures=feed.consecutive_failures + 1,
        )
        return run

    keywords = [keyword for keyword in feed.topic_keywords if keyword]
    wanted = [entry for entry in entries if _on_topic(entry, keywords)]
    known = set(
        Article.objects.filter(
            canonical_url__in=[canonicalize_url(entry.url) for entry in wanted]
        ).values_list("canonical_url", flat=True)
    )
    new_urls = 0
    for entry in wanted:
        if canonicalize_url(entry.url) in known or not is_web_url(entry.url):
            continue
        _, created = enqueue_url(url=entry.url, feed=feed)
        new_urls += int(created)
    run.items_seen = len(entries)
    run.new_urls = new_urls
    run.finished_at = timezone.now()
    run.save(update_fields=["items_seen", "new_urls", "finished_at"])
    Feed.objects.filter(pk=feed.pk).update(
        poll_started_at=None,
        last_polled_at=now,
        last_success_at=now,
        last_error="",
        consecutive_failures=0,
        etag=result.etag or "",
        last_modified=result.last_modified or "",
    )
    return run


def _feed_entries(feed: Feed, result: FetchResult) -> list[FeedEntry]:
    if feed.kind == Feed.Kind.HTML:
        html = decode_html(result.body, header_charset=result.charset).text
        return parse_listing_entries(
            html,
            url=result.final_url,
            link_selector=feed.link_selector or None,
            url_pattern=feed.url_pattern or None,
        )
    if feed.kind == Feed.Kind.SITEMAP:
        return [entry for entry in parse_sitemap(result.body, url=result.final_url)]
    return parse_feed(result.body, url=result.final_url)


def _on_topic(entry: FeedEntry, keywords: list[str]) -> bool:
    if not keywords:
        return True
    haystack = f"{entry.title} {entry.summary}"
    return any(keyword in haystack for keyword in keywords)


def due_feed_ids(*, now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return [feed.pk for feed in Feed.objects.filter(enabled=True) if feed.is_due(now)]
