"""Fetching one article: the policy, the claim, the HTTP fetch with its following pages, the
parse, then the store (or the failure recorded under the claim)."""

from __future__ import annotations

import dataclasses
import functools
import logging
import signal
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from urllib.parse import urlsplit

import redis
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from curation.fetching import FetchError, FetchPolicy, FetchResult, RedisHostGate, fetch
from curation.models import Article
from curation.parsing import DecodeError, parse_page
from curation.services.claiming import (
    FetchOutcome,
    GaveUp,
    claim_article_for_fetch,
    record_fetch_failure,
)
from curation.services.storing import FetchedPage, store_fetched_pages

logger = logging.getLogger(__name__)


# The signal a prefork worker's parent sends its child at the soft time limit (billiard's).
SOFT_TIMEOUT_SIGNAL = getattr(signal, "SIGUSR1", signal.SIGINT)


class PageUnreadable(FetchError):
    """The page arrived but could not be read (binary or empty body, a parser failure)."""

    reason = "unreadable"


class FetchTimeLimit(FetchError):
    """The task's soft time limit ran out while fetching or parsing this page."""

    reason = "time_limit"
    transient = True


def fetch_policy() -> FetchPolicy:
    policy = FetchPolicy(
        user_agent=settings.FETCH_USER_AGENT,
        allowed_hosts=tuple(settings.FETCH_ALLOWED_HOSTS),
        connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
        read_timeout=settings.FETCH_READ_TIMEOUT,
        max_bytes=settings.FETCH_MAX_BYTES,
        respect_robots=settings.FETCH_RESPECT_ROBOTS,
        politeness_delay=settings.FETCH_POLITENESS_DELAY,
        host_concurrency=settings.FETCH_HOST_CONCURRENCY,
        total_timeout=settings.FETCH_TOTAL_TIMEOUT,
    )
    if not settings.FETCH_HOST_GATE_URL:
        return policy
    gate = _shared_host_gate(
        settings.FETCH_HOST_GATE_URL,
        delay=policy.politeness_delay,
        concurrency=policy.host_concurrency,
        max_wait=settings.FETCH_HOST_MAX_WAIT,
        # A request can last no longer than this; a slot held longer was lost with its worker.
        lease=policy.connect_timeout + policy.total_timeout + policy.politeness_delay,
        prefix=settings.FETCH_HOST_GATE_PREFIX,
    )
    return dataclasses.replace(policy, host_gate=gate)


@functools.cache
def _shared_host_gate(
    url: str, *, delay: float, concurrency: int, max_wait: float, lease: float, prefix: str
) -> RedisHostGate:
    """One gate per process and configuration; redis-py reconnects after a fork by itself."""
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return RedisHostGate(
        client,
        delay=delay,
        concurrency=concurrency,
        max_wait=max_wait,
        lease=lease,
        prefix=prefix,
    )


def fetch_article(
    *, article_id: int, token: str | None = None, final_attempt: bool = True
) -> FetchOutcome:
    """Fetch, parse and store one article; queue its extraction.

    Raises RetryLater for a transient failure when this is not the final attempt.
    """
    token = token or uuid.uuid4().hex
    article = claim_article_for_fetch(article_id=article_id, token=token)
    if article is None:
        status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
        return FetchOutcome(article_id, status or "missing", "not claimable")
    if article.fetch_starts > settings.FETCH_MAX_STARTS:
        gave_up = GaveUp(
            f"{article.fetch_starts - 1} fetches of this page started and none finished "
            "(a worker killed or stopped by the hard time limit each time)",
            url=article.requested_url,
        )
        return record_fetch_failure(article, gave_up, final_attempt=True)
    policy = fetch_policy()
    try:
        # The HTTP fetch runs outside any transaction: it may take seconds.
        with _noticing_soft_time_limit() as soft_limit:
            first = read_page(
                fetch(
                    article.requested_url,
                    policy,
                    etag=article.http_etag or None,
                    last_modified=article.http_last_modified or None,
                )
            )
            pages = [first, *_fetch_following_pages(first, policy)]
        if soft_limit:  # raised inside a library that swallowed it (trafilatura logs it)
            raise SoftTimeLimitExceeded()
    except FetchError as error:
        return record_fetch_failure(article, error, final_attempt=final_attempt)
    except SoftTimeLimitExceeded:
        timed_out = FetchTimeLimit(
            f"not fetched and parsed within the task's soft time limit "
            f"({settings.CELERY_TASK_SOFT_TIME_LIMIT} s)",
            url=article.requested_url,
        )
        return record_fetch_failure(article, timed_out, final_attempt=final_attempt)
    return store_fetched_pages(article, pages)


@contextmanager
def _noticing_soft_time_limit() -> Iterator[list[bool]]:
    """Notice the Celery soft time limit firing (the list becomes non-empty) even when the
    SoftTimeLimitExceeded it raises is caught by library code, as parsers' broad `except
    Exception` blocks do. Outside a worker's main thread (eager mode) it notices nothing."""
    fired: list[bool] = []
    previous = signal.getsignal(SOFT_TIMEOUT_SIGNAL)
    if not callable(previous) or threading.current_thread() is not threading.main_thread():
        yield fired
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        fired.append(True)
        previous(signum, frame)

    signal.signal(SOFT_TIMEOUT_SIGNAL, handler)
    try:
        yield fired
    finally:
        signal.signal(SOFT_TIMEOUT_SIGNAL, previous)


def read_page(result: FetchResult) -> FetchedPage:
    """Decode and parse a response; PageUnreadable when there is no text to be had."""
    if result.status_code == 304 or not result.body:
        return FetchedPage(result, "", None)
    try:
        page = parse_page(
            result.body,
            media_type=result.content_type or None,
            url=result.final_url,
            header_charset=result.charset,
        )
    except (DecodeError, ValueError, LookupError, RecursionError) as error:
        raise PageUnreadable(f"{type(error).__name__}: {error}", url=result.final_url) from error
    note = ""
    if page.ignored_charsets:
        note = f"declared charset {', '.join(page.ignored_charsets)} is no text encoding"
        logger.warning("%s: %s; decoded as %s", result.final_url, note, page.encoding)
    return FetchedPage(result, page.encoding, page.article, note)


def _fetch_following_pages(first: FetchedPage, policy: FetchPolicy) -> list[FetchedPage]:
    """Pages 2..n of a multi-page article (次のページ), up to FETCH_MAX_PAGES in all."""
    pages: list[FetchedPage] = []
    seen = {first.result.final_url}
    current = first
    while len(pages) + 1 < settings.FETCH_MAX_PAGES and current.parsed is not None:
        next_url = current.parsed.next_page_url
        if not next_url or next_url in seen or not _same_host(first.result.final_url, next_url):
            break
        seen.add(next_url)
        try:
            current = read_page(fetch(next_url, policy))
        except FetchError as error:
            # A broken continuation must not cost us the page we already have.
            logger.warning("next page %s not fetched (%s): %s", next_url, error.reason, error)
            break
        pages.append(current)
    return pages


def _same_host(first_url: str, next_url: str) -> bool:
    return urlsplit(first_url).hostname == urlsplit(next_url).hostname
