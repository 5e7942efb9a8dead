"""The fetch claim: who is fetching an article, and the writes of a fetch's outcome.

A worker claims an article with one conditional UPDATE and gets a token; every write of what its
fetch found (the stored page, a failure, a retry) goes through :func:`owned_by_claim`, so a
worker whose stale claim was taken over by another never overwrites the other's outcome.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Field, ForeignObjectRel, QuerySet
from django.utils import timezone

from curation.fetching import FetchError
from curation.models import Article

logger = logging.getLogger(__name__)


# No task outlives its hard time limit: a claim older than that was lost with its worker.
STALE_CLAIM_AFTER = timedelta(seconds=settings.FETCH_STALE_CLAIM_SECONDS)


class GaveUp(FetchError):
    """Fetches of this page kept starting and never finishing (worker killed, hard limit)."""

    reason = "gave_up"


class RetryLater(Exception):
    """A transient failure: the caller should try again after `countdown` seconds."""

    def __init__(self, countdown: float, reason: str) -> None:
        super().__init__(reason)
        self.countdown = countdown
        self.reason = reason


@dataclass(frozen=True)
class FetchOutcome:
    article_id: int
    status: str
    detail: str = ""


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

    def quoted(field: Field[Any, Any] | ForeignObjectRel | None) -> str:
        assert isinstance(field, Field) and field.column  # a concrete field has its column
        return ops.quote_name(field.column)

    def column(name: str) -> str:
        return quoted(meta.get_field(name))

    status, claim_token, claimed_at = column("status"), column("claim_token"), column("claimed_at")
    sql = (
        f"UPDATE {ops.quote_name(meta.db_table)} "
        f"SET {status} = %s, {claim_token} = %s, {claimed_at} = %s, "
        f"{column('fetch_starts')} = {column('fetch_starts')} + 1 "
        f"WHERE {quoted(meta.pk)} = %s AND ({status} = %s OR ({status} = %s AND "
        f"({claim_token} = %s OR {claimed_at} < %s))) "
        f"RETURNING {', '.join(quoted(field) for field in fields)}"
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


def owned_by_claim(article: Article) -> QuerySet[Article]:
    """The article row, only while the fetch claim `article` was read with is still held.

    Every write of a fetch outcome goes through this: a worker whose stale claim was taken
    over by another must not overwrite what the other one stored."""
    return Article.objects.filter(
        pk=article.pk, status=Article.Status.FETCHING, claim_token=article.claim_token
    )


def record_fetch_failure(
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
    recorded = owned_by_claim(article).update(
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
        return claim_lost(article)
    logger.warning("fetch of %s failed (%s): %s", article.requested_url, error.reason, error)
    if retry:
        raise RetryLater(countdown, error.reason) from error
    return FetchOutcome(article.pk, Article.Status.FAILED, error.reason)


def claim_lost(article: Article) -> FetchOutcome:
    """The outcome of a fetch whose claim another worker took over: the row's status stands."""
    current = Article.objects.filter(pk=article.pk).values_list("status", flat=True)
    return FetchOutcome(article.pk, current.first() or "missing", "claim lost")
