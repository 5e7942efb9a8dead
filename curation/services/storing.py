"""Storing a fetched page under the fetch claim: the article's fields, the earlier version, the
duplicate check, the citations and their upstream articles."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from curation.fetching import FetchError, FetchResult
from curation.models import Article, ArticleVersion, Citation
from curation.parsing import ParsedArticle, canonicalize_url, is_web_url
from curation.services.claiming import FetchOutcome, claim_lost, owned_by_claim
from curation.services.enqueue import EXTRACT_TASK, enqueue_public_url, queue_task
from curation.services.outlets import outlet_id_for_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchedPage:
    """A response with its text decoded and parsed once (None when not modified)."""

    result: FetchResult
    encoding: str
    parsed: ParsedArticle | None
    decode_note: str = ""


def store_fetched_pages(article: Article, pages: list[FetchedPage]) -> FetchOutcome:
    first, parsed = pages[0].result, pages[0].parsed
    now = timezone.now()
    if parsed is None:
        kept = owned_by_claim(article).update(
            status=Article.Status.FETCHED,
            fetched_at=now,
            claimed_at=None,
            error_reason="",
            error_message="",
            updated_at=now,
        )
        if not kept:
            return claim_lost(article)
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
        stored = owned_by_claim(article).update(
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
        return claim_lost(article)
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
        _link_upstream_articles(article)


def _link_upstream_articles(article: Article) -> None:
    """Queue each cited upstream article the guard lets through, and link the citation to it."""
    for citation in article.citations.exclude(url=""):
        try:
            upstream, _ = enqueue_public_url(url=citation.url)
        except FetchError as error:
            logger.info("not following citation %s: %s", citation.url, error)
            continue
        if upstream.pk != article.pk:
            Citation.objects.filter(pk=citation.pk).update(upstream_article=upstream)


def mark_extracted(*, article_id: int) -> None:
    Article.objects.filter(pk=article_id).update(extracted_at=timezone.now())
