"""Write actions of the source side: enqueue, fetch, store, poll."""

from __future__ import annotations

import dataclasses
import functools
import logging
import random
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import redis
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from curation.fetching import (
    FEED_TYPES,
    FetchError,
    FetchPolicy,
    FetchResult,
    RedisHostGate,
    UnsafeURL,
    check_url_safe,
    fetch,
)
from curation.models import Article, ArticleVersion, Citation, Feed, FeedPoll, Outlet, OutletDomain
from curation.parsing import (
    DecodeError,
    FeedEntry,
    ParsedArticle,
    canonicalize_url,
    decode_html,
    is_web_url,
    outlet_for_domain,
    parse_feed,
    parse_listing_entries,
    parse_page,
    parse_sitemap,
)

logger = logging.getLogger(__name__)

# The signal a prefork worker's parent sends its child at the soft time limit (billiard's).
SOFT_TIMEOUT_SIGNAL = getattr(signal, "SIGUSR1", signal.SIGINT)

EXTRACT_TASK = "claims.extract_article"
FETCH_TASK = "curation.fetch_article"
# No task outlives its hard time limit: a claim older than that was lost with its worker.
STALE_CLAIM_AFTER = timedelta(seconds=settings.FETCH_STALE_CLAIM_SECONDS)
# An extraction normally follows its fetch within seconds; one this late was lost.
STALE_EXTRACTION_AFTER = STALE_CLAIM_AFTER


class PageUnreadable(FetchError):
    """The page arrived but could not be read (binary or empty body, a parser failure)."""

    reason = "unreadable"


class FetchTimeLimit(FetchError):
    """The task's soft time limit ran out while fetching or parsing this page."""

    reason = "time_limit"
    transient = True


class GaveUp(FetchError):
    """Fetches of this page kept starting and never finishing (worker killed, hard limit)."""

    reason = "gave_up"


class RetryLater(Exception):
    """A transient failure: the caller should try again after `countdown` seconds."""

    def __init__(self, countdown: float, reason: str) -> None:
        super().__init__(reason)
        self.countdown = countdown
        self.reason = reason


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
    gate = shared_host_gate(
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
def shared_host_gate(
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


def queue_task(name: str, *args: object) -> None:
    """Queue a task by its stable name once the current transaction commits."""
    task = current_app.tasks[name]
    transaction.on_commit(lambda: task.delay(*args))


# Outlets -------------------------------------------------------------------------------


# Outlets change rarely and every stored page asks for one: each process remembers its answers
# for a short while. Edits in this process forget them at once (see curation.signals); other
# processes see an edit within OUTLET_MEMO_SECONDS.
OUTLET_MEMO_SECONDS = 60.0
_outlet_memo: dict[tuple[str, str], tuple[float, int]] = {}


def forget_outlets() -> None:
    _outlet_memo.clear()


def outlet_id_for_url(url: str, *, site_name: str | None = None) -> int | None:
    """The pk of :func:`outlet_for_url`, from the process's memo when it is fresh."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    key = (host, site_name or "")
    remembered = _outlet_memo.get(key)
    now = time.monotonic()
    if remembered is not None and now - remembered[0] < OUTLET_MEMO_SECONDS:
        return remembered[1]
    outlet = outlet_for_url(url, site_name=site_name)
    if outlet is None:
        return None
    # Remembered only once committed: an outlet created in a transaction that rolls back
    # must not be handed out afterwards.
    pk = outlet.pk
    transaction.on_commit(lambda: _outlet_memo.__setitem__(key, (now, pk)))
    return pk


def outlet_for_url(url: str, *, site_name: str | None = None) -> Outlet | None:
    """The outlet publishing at this URL, created on first sight.

    A known domain decides; otherwise the outlet is named from the domain table of known
    Japanese outlets, the page's own site name, or the host, in that order.
    """
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    parts = host.split(".")
    candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)] or [host]
    domain = (
        OutletDomain.objects.select_related("outlet")
        .filter(domain__in=candidates)
        .order_by("-domain")
        .first()
    )
    if domain is not None and (not site_name or domain.outlet.name == site_name):
        return domain.outlet
    name = (outlet_for_domain(host) or site_name or host)[:200]
    slug = slugify(name, allow_unicode=True)[:100] or slugify(host)[:100] or "outlet"
    outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults={"name": name})
    if domain is None:
        OutletDomain.objects.get_or_create(domain=host, defaults={"outlet": outlet})
    return outlet


# Enqueueing ----------------------------------------------------------------------------


def enqueue_url(
    *, url: str, feed: Feed | None = None, refresh: bool = False
) -> tuple[Article, bool]:
    """Upsert the article for `url` and queue its fetch; returns (article, created).

    A URL already known is left alone (a pending one already has its fetch queued, and the
    sweeper requeues lost ones) unless `refresh` asks for a new fetch. Only http(s) URLs
    enter: anything else raises UnsafeURL.
    """
    require_web_url(url)
    article = find_article_for_url(url)
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


def require_web_url(url: str) -> None:
    """Only absolute http(s) URLs enter the system (they end up as links on every page)."""
    if not is_web_url(url):
        raise UnsafeURL(f"only http and https URLs are accepted: {url[:200]!r}", url=url)


def find_article_for_url(url: str) -> Article | None:
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


# Fetching ------------------------------------------------------------------------------


def claim_article_for_fetch(*, article_id: int, token: str) -> Article | None:
    """Mark the article as being fetched by `token` and return it (its large fields deferred);
    None if someone else holds it.

    One conditional UPDATE … RETURNING: a redelivered task (same token) or a stale claim may
    take it over, and the row comes back as claimed, with no window between claim and read.
    (Django's update() returns a count only; PostgreSQL and SQLite ≥ 3.35 both return rows.)
    """
    now = timezone.now()
    database = router.db_for_write(Article)
    ops = connections[database].ops
    meta = Article._meta
    fields = [f for f in meta.concrete_fields if f.name not in Article.LARGE_FIELDS]

    def column(name: str) -> str:
        return ops.quote_name(meta.get_field(name).column)

    status, claim_token, claimed_at = column("status"), column("claim_token"), column("claimed_at")
    sql = (
        f"UPDATE {ops.quote_name(meta.db_table)} "
        f"SET {status} = %s, {claim_token} = %s, {claimed_at} = %s, "
        f"{column('fetch_starts')} = {column('fetch_starts')} + 1 "
        f"WHERE {ops.quote_name(meta.pk.column)} = %s AND ({status} = %s OR ({status} = %s AND "
        f"({claim_token} = %s OR {claimed_at} < %s))) "
        f"RETURNING {', '.join(ops.quote_name(field.column) for field in fields)}"
    )
    moment = meta.get_field("claimed_at")
    params = [
        Article.Status.FETCHING,
        token,
        moment.get_db_prep_value(now, connections[database]),
        article_id,
        Article.Status.PENDING,
        Article.Status.FETCHING,
        token,
        moment.get_db_prep_value(now - STALE_CLAIM_AFTER, connections[database]),
    ]
    return next(iter(Article.objects.db_manager(database).raw(sql, params)), None)


@dataclass(frozen=True)
class FetchOutcome:
    article_id: int
    status: str
    detail: str = ""


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
        error = GaveUp(
            f"{article.fetch_starts - 1} fetches of this page started and none finished "
            "(a worker killed or stopped by the hard time limit each time)",
            url=article.requested_url,
        )
        return _record_fetch_failure(article, error, final_attempt=True)
    policy = fetch_policy()
    try:
        # The HTTP fetch runs outside any transaction: it may take seconds.
        with noticing_soft_time_limit() as soft_limit:
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
        return _record_fetch_failure(article, error, final_attempt=final_attempt)
    except SoftTimeLimitExceeded:
        error = FetchTimeLimit(
            f"not fetched and parsed within the task's soft time limit "
            f"({settings.CELERY_TASK_SOFT_TIME_LIMIT} s)",
            url=article.requested_url,
        )
        return _record_fetch_failure(article, error, final_attempt=final_attempt)
    return _store_fetched_pages(article, pages)


@contextmanager
def noticing_soft_time_limit() -> Iterator[list[bool]]:
    """Notice the Celery soft time limit firing (the list becomes non-empty) even when the
    SoftTimeLimitExceeded it raises is caught by library code, as parsers' broad `except
    Exception` blocks do. Outside a worker's main thread (eager mode) it notices nothing."""
    fired: list[bool] = []
    previous = signal.getsignal(SOFT_TIMEOUT_SIGNAL)
    if not callable(previous) or threading.current_thread() is not threading.main_thread():
        yield fired
        return

    def handler(signum: int, frame: object) -> None:
        fired.append(True)
        previous(signum, frame)  # type: ignore[arg-type]

    signal.signal(SOFT_TIMEOUT_SIGNAL, handler)
    try:
        yield fired
    finally:
        signal.signal(SOFT_TIMEOUT_SIGNAL, previous)


def _owned(article: Article) -> QuerySet[Article]:
    """The article row, only while the fetch claim `article` was read with is still held.

    Every write of a fetch outcome goes through this: a worker whose stale claim was taken
    over by another must not overwrite what the other one stored."""
    return Article.objects.filter(
        pk=article.pk, status=Article.Status.FETCHING, claim_token=article.claim_token
    )


@dataclass(frozen=True)
class FetchedPage:
    """A response with its text decoded and parsed once (None when not modified)."""

    result: FetchResult
    encoding: str
    parsed: ParsedArticle | None
    decode_note: str = ""


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


def _record_fetch_failure(
    article: Article, error: FetchError, *, final_attempt: bool
) -> FetchOutcome:
    attempts = article.attempts + 1
    retry = error.transient and not final_attempt
    countdown = 0.0
    if retry:
        retry_after = getattr(error, "retry_after", None)
        backoff = settings.FETCH_RETRY_BACKOFF * (2 ** (attempts - 1))
        countdown = max(retry_after or 0.0, backoff * random.uniform(0.5, 1.5))
    now = timezone.now()
    recorded = _owned(article).update(
        status=Article.Status.PENDING if retry else Article.Status.FAILED,
        next_attempt_at=now + timedelta(seconds=countdown) if retry else None,
        attempts=attempts,
        error_reason=error.reason,
        error_message=str(error)[:2000],
        claimed_at=None,
        updated_at=now,
    )
    if not recorded:  # another worker took the claim over meanwhile: its outcome stands
        logger.info("fetch of %s failed (%s) after its claim was lost", article.pk, error.reason)
        current = Article.objects.filter(pk=article.pk).values_list("status", flat=True)
        return FetchOutcome(article.pk, current.first() or "missing", "claim lost")
    logger.warning("fetch of %s failed (%s): %s", article.requested_url, error.reason, error)
    if retry:
        raise RetryLater(countdown, error.reason) from error
    return FetchOutcome(article.pk, Article.Status.FAILED, error.reason)


def _store_fetched_pages(article: Article, pages: list[FetchedPage]) -> FetchOutcome:
    first, parsed = pages[0].result, pages[0].parsed
    now = timezone.now()
    if parsed is None:
        kept = _owned(article).update(
            status=Article.Status.FETCHED,
            fetched_at=now,
            claimed_at=None,
            error_reason="",
            error_message="",
            updated_at=now,
        )
        if not kept:
            current = Article.objects.filter(pk=article.pk).values_list("status", flat=True)
            return FetchOutcome(article.pk, current.first() or "missing", "claim lost")
        return FetchOutcome(article.pk, Article.Status.FETCHED, "not modified")
    text = "\n".join(
        page.parsed.text for page in pages if page.parsed is not None and page.parsed.text
    )
    content_hash = Article.hash_text(text)
    page_canonical = canonicalize_url(first.final_url, html_canonical=parsed.canonical_url)
    outlet_id = outlet_id_for_url(page_canonical, site_name=parsed.site_name)

    with transaction.atomic():
        if article.content_hash and article.content_hash != content_hash:
            _keep_earlier_version(article.pk, now)
        duplicate_of_id, holder_id = _same_story(article, content_hash, page_canonical)
        if holder_id is not None and duplicate_of_id is None:
            duplicate_of_id = holder_id  # another article already stands for this page
        status = Article.Status.DUPLICATE if duplicate_of_id else Article.Status.FETCHED
        # One conditional UPDATE both stores the page and checks that the claim is still ours
        # (a stale claim may have been taken over by another worker meanwhile).
        stored = _owned(article).update(
            canonical_url=page_canonical if holder_id is None else article.canonical_url,
            final_url=first.final_url,
            outlet_id=outlet_id,
            raw_bytes=first.body,
            content_type=first.content_type,
            encoding=pages[0].encoding,
            decode_note=pages[0].decode_note[:300],
            http_etag=first.etag or "",
            http_last_modified=first.last_modified or "",
            title=parsed.title[:500],
            text=text,
            byline=(parsed.byline or "")[:300],
            lead_image=(parsed.lead_image or "")[:2000] if is_web_url(parsed.lead_image) else "",
            published_at=parsed.published_at,
            source_updated_at=parsed.updated_at,
            is_aggregator=parsed.is_aggregator,
            sections=[
                {
                    "start": section.start,
                    "end": section.end,
                    "published": section.published.isoformat() if section.published else None,
                    "citation": section.citation,
                }
                for section in parsed.sections
            ],
            content_hash=content_hash,
            duplicate_of_id=duplicate_of_id,
            status=status,
            attempts=F("attempts") + 1,
            error_reason="",
            error_message="",
            fetched_at=now,
            extracted_at=None,  # until the extraction queued below has run (the sweeper checks)
            next_attempt_at=None,
            claimed_at=None,
            updated_at=now,
        )
        if stored:
            # A first fetch has no citations to replace.
            if parsed.citations or article.fetched_at is not None:
                _replace_citations(article, parsed)
            if duplicate_of_id is None:
                queue_task(EXTRACT_TASK, article.pk)
        else:
            transaction.set_rollback(True)  # and with it the earlier version kept above
    if not stored:
        current = Article.objects.filter(pk=article.pk).values_list("status", flat=True)
        return FetchOutcome(article.pk, current.first() or "missing", "claim lost")
    return FetchOutcome(article.pk, status)


def _keep_earlier_version(article_id: int, now: datetime) -> None:
    """Copy the stored page into an ArticleVersion before a changed one replaces it."""
    earlier = (
        Article.objects.filter(pk=article_id)
        .values("raw_bytes", "encoding", "title", "text", "content_hash", "fetched_at")
        .first()
    )
    if earlier is None or not earlier["text"]:
        return
    ArticleVersion.objects.create(
        article_id=article_id,
        raw_bytes=earlier["raw_bytes"],
        encoding=earlier["encoding"],
        title=earlier["title"],
        text=earlier["text"],
        content_hash=earlier["content_hash"],
        fetched_at=earlier["fetched_at"] or now,
    )


def _same_story(
    article: Article, content_hash: str, page_canonical: str
) -> tuple[int | None, int | None]:
    """(earliest other fetched article with this text, other article holding this canonical
    URL), in one query. Both are rare and few: a later copy of a text is stored as a
    duplicate, not as fetched, and a canonical URL has one holder."""
    matches = Q(content_hash=content_hash, status=Article.Status.FETCHED)
    moved = page_canonical != article.canonical_url
    if moved:
        matches |= Q(canonical_url=page_canonical)
    rows = (
        Article.objects.filter(matches)
        .exclude(pk=article.pk)
        .order_by("pk")
        .values_list("pk", "canonical_url", "content_hash", "status")
    )
    holder_id = None
    same_text: list[int] = []
    for pk, canonical_url, row_hash, row_status in rows:
        if moved and canonical_url == page_canonical:
            holder_id = pk
        if row_hash == content_hash and row_status == Article.Status.FETCHED:
            same_text.append(pk)
    return (same_text[0] if same_text else None), holder_id


def _replace_citations(article: Article, parsed: ParsedArticle) -> None:
    """Make the article's citations those of the page, updating them in place by position so
    that evidence pointing at a citation keeps pointing at it after a re-fetch or re-parse."""
    existing = {citation.position: citation for citation in article.citations.all()}
    for position, found in enumerate(parsed.citations):
        fields = {
            "outlet_name": found.outlet_name[:200],
            # An upstream link that is no http(s) URL is dropped, never stored as a link.
            "url": (found.url or "")[:2000] if is_web_url(found.url) else "",
            "published": found.published,
        }
        current = existing.pop(position, None)
        if current is None:
            Citation.objects.create(
                article=article,
                position=position,
                outlet_id=outlet_id_for_url(found.url) if found.url else None,
                **fields,
            )
        elif any(getattr(current, name) != value for name, value in fields.items()):
            Citation.objects.filter(pk=current.pk).update(
                outlet_id=outlet_id_for_url(found.url) if found.url else None, **fields
            )
    if existing:
        Citation.objects.filter(pk__in=[citation.pk for citation in existing.values()]).delete()
    if settings.FETCH_FOLLOW_CITATIONS:
        link_upstream_articles(article)


def link_upstream_articles(article: Article) -> None:
    """Queue each cited upstream article the guard lets through, and link the citation to it."""
    for citation in article.citations.exclude(url=""):
        try:
            check_url_safe(citation.url, settings.FETCH_ALLOWED_HOSTS)
        except FetchError as error:
            logger.info("not following citation %s: %s", citation.url, error)
            continue
        upstream, _ = enqueue_url(url=citation.url)
        if upstream.pk != article.pk:
            Citation.objects.filter(pk=citation.pk).update(upstream_article=upstream)


def reparse_article(*, article_id: int) -> FetchOutcome:
    """Parse the stored raw bytes again (after a parser improvement) without fetching."""
    token = uuid.uuid4().hex
    reparsable = [Article.Status.FETCHED, Article.Status.DUPLICATE]
    claimed = (
        Article.objects.filter(pk=article_id, status__in=reparsable)
        .exclude(raw_bytes=None)
        .update(status=Article.Status.FETCHING, claim_token=token, claimed_at=timezone.now())
    )
    if claimed != 1:
        return FetchOutcome(article_id, "skipped", "not fetched yet")
    article = Article.objects.get(pk=article_id)
    stored = FetchResult(
        requested_url=article.requested_url,
        final_url=article.final_url or article.requested_url,
        status_code=200,
        headers={},
        body=bytes(article.raw_bytes),
        content_type=article.content_type or "text/html",
        charset=article.encoding.removesuffix("+replace") or None,
        etag=article.http_etag or None,
        last_modified=article.http_last_modified or None,
    )
    return _store_fetched_pages(article, [read_page(stored)])


def mark_extracted(*, article_id: int) -> None:
    Article.objects.filter(pk=article_id).update(extracted_at=timezone.now())


def sweep_stale_fetches(*, now: datetime | None = None) -> list[int]:
    """Requeue what a lost worker or a lost message left behind; returns the article ids.

    - fetches claimed long ago and never finished (a worker killed, a child stopped by the
      hard time limit): requeued, or marked failed once FETCH_MAX_STARTS fetches of the page
      started and none finished (a page that kills every worker is not swept forever);
    - articles left pending (their fetch message lost);
    - articles fetched but never extracted (the extraction failed for good, or its message
      never reached the broker).
    """
    now = now or timezone.now()
    stale = Article.objects.filter(
        status=Article.Status.FETCHING, claimed_at__lt=now - STALE_CLAIM_AFTER
    )
    poisoned = list(
        stale.filter(fetch_starts__gte=settings.FETCH_MAX_STARTS).values_list("pk", flat=True)
    )
    for article_id in poisoned:
        give_up_fetch(article_id=article_id, now=now)
    requeued = list(stale.exclude(pk__in=poisoned).values_list("pk", flat=True))
    # Pending and due: never tried (its message lost), or its retry lost or left to us (a
    # countdown longer than FETCH_MAX_COUNTDOWN) — not one whose countdown is still running.
    grace = timedelta(seconds=settings.CELERY_SWEEP_SECONDS * 2)
    pending = list(
        Article.objects.filter(status=Article.Status.PENDING)
        .filter(
            Q(next_attempt_at__isnull=True, updated_at__lt=now - STALE_CLAIM_AFTER)
            | Q(next_attempt_at__lt=now - grace)
        )
        .values_list("pk", flat=True)
    )
    unextracted = list(
        Article.objects.filter(
            status=Article.Status.FETCHED,
            extracted_at__isnull=True,
            fetched_at__lt=now - STALE_EXTRACTION_AFTER,
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=now))
        .exclude(text="")
        .values_list("pk", flat=True)
    )
    # What is queued here is not queued again before `not_before`, however long the queue in
    # front of it: a backlog is not multiplied every few seconds.
    not_before = now + STALE_CLAIM_AFTER
    with transaction.atomic():
        # A lost fetch is given back as pending: its new task claims it like a first one.
        Article.objects.filter(pk__in=requeued, status=Article.Status.FETCHING).update(
            status=Article.Status.PENDING, claim_token="", claimed_at=None
        )
        Article.objects.filter(pk__in=requeued + pending + unextracted).update(
            next_attempt_at=not_before
        )
        for article_id in requeued + pending:
            queue_task(FETCH_TASK, article_id)
        for article_id in unextracted:
            queue_task(EXTRACT_TASK, article_id)
    return requeued + pending + unextracted


def give_up_fetch(*, article_id: int, now: datetime) -> bool:
    """Mark a page whose fetches keep starting and never finishing as failed, for the record."""
    given_up = Article.objects.filter(
        pk=article_id, status=Article.Status.FETCHING, claimed_at__lt=now - STALE_CLAIM_AFTER
    ).update(
        status=Article.Status.FAILED,
        error_reason=GaveUp.reason,
        error_message=(
            f"{settings.FETCH_MAX_STARTS} fetches of this page started and none finished "
            "(a worker killed or stopped by the hard time limit each time)"
        ),
        claimed_at=None,
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    if given_up:
        logger.warning("gave up fetching article %s", article_id)
    return bool(given_up)


# Feeds ---------------------------------------------------------------------------------


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
