"""Parsing an article's stored bytes again, without fetching."""

from __future__ import annotations

import uuid

from django.utils import timezone

from curation.fetching import FetchResult
from curation.models import Article
from curation.services.claiming import FetchOutcome
from curation.services.fetching import read_page
from curation.services.storing import store_fetched_pages


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
    assert article.raw_bytes is not None  # claimed above only with its bytes stored
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
    return store_fetched_pages(article, [read_page(stored)])
