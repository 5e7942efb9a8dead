"""Candidate claims: extraction over articles, editor selections, anchoring on text."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims import extraction
from claims.models import Actor, Claim, ClaimHistory, Evidence, Issue
from claims.services.versioning import (
    InvalidSelection,
    record_history,
)
from curation.models import Article, Citation
from curation.services import mark_extracted

QUOTE_CONTEXT = 32


def lexicon_from_database() -> extraction.Lexicon:
    """The curated lexicon as the extraction engine takes it (editors edit it in the admin)."""
    actors = tuple(
        extraction.ActorEntry(slug=actor.slug, aliases=tuple(actor.aliases), kind=actor.kind)
        for actor in Actor.objects.all()
    )
    issues = tuple(
        extraction.IssueEntry(
            slug=issue.slug,
            name_ja=issue.name_ja,
            name_en=issue.name_en,
            keywords=tuple(issue.keywords),
        )
        for issue in Issue.objects.all()
    )
    return extraction.Lexicon(actors=actors, issues=issues)


def article_reference_date(article: Article) -> date | None:
    """What the article's relative dates resolve against: its publication date, else the day
    it was fetched (a page without a date still told past events before then), else None."""
    moment = article.published_at or article.fetched_at
    if moment is None:
        return None
    return timezone.localtime(moment).date()


def quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    """A W3C TextQuote + TextPosition selector for text[start:end]."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
        "suffix": text[end : end + QUOTE_CONTEXT],
        "start": start,
        "end": end,
    }


def extract_claims_for_article(*, article_id: int) -> int:
    """Propose candidate claims for a fetched article; returns how many were added.

    One claim per event (ANNOTATION.md): every sentence of its evidence becomes an evidence
    row of the claim, each sourced to the aggregator section's upstream citation when it sits
    in one. Idempotent: a claim whose evidence was already proposed for this article is not
    proposed again.
    """
    article = Article.objects.get(pk=article_id)
    if article.status != Article.Status.FETCHED or not article.text:
        return 0
    candidates = extraction.extract_claims(
        article.text,
        published=article_reference_date(article),
        reference_dates=article.reference_dates(),
        lexicon=lexicon_from_database(),
    )
    existing = set(
        Evidence.objects.filter(article=article, origin=Evidence.Origin.EXTRACTED).values_list(
            "start", "end"
        )
    )
    actors, issues = vocabulary()
    citations = {citation.position: citation for citation in article.citations.all()}
    added = 0
    for candidate in candidates:
        spans = list(candidate.evidence) or [(candidate.quote_start, candidate.quote_end)]
        if any(span in existing for span in spans):
            continue
        try:
            with transaction.atomic():
                claim = _create_candidate(candidate, actors, issues)
                for start, end in spans:
                    citation_position = article.section_citation_at(start)
                    Evidence.objects.create(
                        claim=claim,
                        article=article,
                        citation=citations.get(citation_position)
                        if citation_position is not None
                        else None,
                        origin=Evidence.Origin.EXTRACTED,
                        **quote_selector(article.text, start, end),
                    )
        except IntegrityError:
            # A concurrent run proposed the same sentence first; theirs stands.
            continue
        added += 1
    mark_extracted(article_id=article.pk)
    return added


def _create_candidate(
    candidate: extraction.ClaimCandidate,
    actors: dict[str, Actor],
    issues: dict[str, Issue],
    *,
    user: User | None = None,
    text: str | None = None,
) -> Claim:
    """The candidate as a claim, its v1 history recording exactly what was created (`text`,
    an editor's wording, replaces the engine's)."""
    event_date = candidate.event_date
    claim = Claim.objects.create(
        text=text or candidate.text,
        time_expression=(candidate.time_expression or "")[:100],
        event_start=event_date.start if event_date else None,
        event_end=event_date.end if event_date else None,
        date_precision=str(event_date.precision) if event_date else "",
        modality=str(candidate.modality),
        confidence=max(0.0, min(1.0, candidate.confidence)),
        proposed_names=list(candidate.unknown_names),
        issue_keywords={
            slug: list(words)
            for slug, words in candidate.matched_keywords.items()
            if slug in candidate.issues and words
        },
    )
    claim.actors.set([actors[slug] for slug in candidate.actors if slug in actors])
    claim.speakers.set([actors[slug] for slug in candidate.speakers if slug in actors])
    claim.issues.set([issues[slug] for slug in candidate.issues if slug in issues])
    record_history(claim, ClaimHistory.Action.CREATED, user=user)
    return claim


def locate_quote(text: str, *, exact: str, prefix: str, suffix: str, hint: int) -> int | None:
    """Where the quote `exact` now starts in `text`: the occurrence whose context matches
    best, nearest to where it used to be; None when it is gone."""
    best: tuple[int, int, int] | None = None
    position = text.find(exact)
    while position != -1:
        context = int(text[max(0, position - len(prefix)) : position] == prefix) + int(
            text[position + len(exact) : position + len(exact) + len(suffix)] == suffix
        )
        score = (-context, abs(position - hint), position)
        if best is None or score < best:
            best = score
        position = text.find(exact, position + 1)
    return best[2] if best else None


def reanchor_evidence(*, article_id: int) -> int:
    """Move evidence anchors onto the article's current text; flag those that no longer match.

    Returns how many anchors were flagged. Flagged evidence is kept for an editor to repair.
    """
    article = Article.objects.get(pk=article_id)
    flagged = 0
    for evidence in Evidence.objects.filter(article=article):
        if article.text[evidence.start : evidence.end] == evidence.exact:
            if not evidence.anchor_ok:
                evidence.anchor_ok = True
                evidence.save(update_fields=["anchor_ok"])
            continue
        start = locate_quote(
            article.text,
            exact=evidence.exact,
            prefix=evidence.prefix,
            suffix=evidence.suffix,
            hint=evidence.start,
        )
        if start is None:
            evidence.anchor_ok = False
            flagged += 1
            evidence.save(update_fields=["anchor_ok"])
            continue
        evidence.start, evidence.end = start, start + len(evidence.exact)
        evidence.anchor_ok = True
        try:
            with transaction.atomic():
                evidence.save(update_fields=["start", "end", "anchor_ok"])
        except IntegrityError:
            # The extractor already re-proposed this span; keep the older row, flagged.
            Evidence.objects.filter(pk=evidence.pk).update(anchor_ok=False)
            flagged += 1
    return flagged


def create_claim_from_selection(
    *,
    article: Article,
    start: int,
    end: int,
    user: User | None,
    text: str | None = None,
) -> Claim:
    """A new candidate claim anchored on a passage an editor selected in the article."""
    if not (0 <= start < end <= len(article.text)):
        raise InvalidSelection(f"selection {start}-{end} is outside the article text")
    selection = article.text[start:end]
    candidates = extraction.extract_claims(
        selection,
        published=article_reference_date(article),
        lexicon=lexicon_from_database(),
    )
    # An editor's selection is a claim whatever the engine would propose: read it as a sentence
    # when it is not a dated claim of its own (its labels are only suggestions).
    proposal = candidates[0] if candidates else _reading_of(selection, article)
    with transaction.atomic():
        if proposal is not None:
            claim = _create_candidate(proposal, *vocabulary(), user=user, text=text)
        else:
            claim = Claim.objects.create(text=text or selection.strip())
            record_history(claim, ClaimHistory.Action.CREATED, user=user)
        Evidence.objects.create(
            claim=claim,
            article=article,
            citation=section_citation(article, start),
            origin=Evidence.Origin.EDITOR,
            created_by=user,
            **quote_selector(article.text, start, end),
        )
    return claim


def _reading_of(selection: str, article: Article) -> extraction.ClaimCandidate | None:
    from claims.extraction.reading import sentence_candidates

    readings = sentence_candidates(
        selection,
        published=article_reference_date(article),
        references=(),
        lexicon=lexicon_from_database(),
    )
    return next((r.candidate for r in readings if r.candidate.actors), None)


def section_citation(article: Article, offset: int) -> Citation | None:
    """The upstream citation of the aggregator section holding `offset` (None elsewhere)."""
    position = article.section_citation_at(offset)
    if position is None:
        return None
    return article.citations.filter(position=position).first()


def vocabulary() -> tuple[dict[str, Actor], dict[str, Issue]]:
    return (
        {actor.slug: actor for actor in Actor.objects.all()},
        {issue.slug: issue for issue in Issue.objects.all()},
    )
