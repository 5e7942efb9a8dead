"""The sweeper: requeue what a lost worker or a lost message left behind."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from curation.models import Article
from curation.services.claiming import STALE_CLAIM_AFTER, GaveUp
from curation.services.enqueue import EXTRACT_TASK, FETCH_TASK, queue_task

logger = logging.getLogger(__name__)


# An extraction normally follows its fetch within seconds; one this late was lost.
STALE_EXTRACTION_AFTER = STALE_CLAIM_AFTER


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
        _give_up_fetch(article_id=article_id, now=now)
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


def _give_up_fetch(*, article_id: int, now: datetime) -> bool:
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
