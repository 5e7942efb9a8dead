"""Evidence an editor links to a claim, removes from it, re-anchors or splits out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from claims.duplicates import dice
from claims.models import Claim, ClaimHistory, Evidence, ReviewStatus
from claims.services.candidates import (
    quote_selector,
    section_citation,
)
from claims.services.versioning import (
    InvalidSelection,
    InvalidTransition,
    record_history,
    save_versioned,
)
from curation.models import Article


class DuplicateEvidence(Exception):
    """The claim already cites exactly this passage of this article."""


def _evidence_detail(evidence: Evidence) -> dict[str, Any]:
    return {
        "evidence": evidence.pk,
        "article": evidence.article_id,
        "start": evidence.start,
        "end": evidence.end,
        "exact": evidence.exact,
        "stance": evidence.stance,
        "origin": evidence.origin,
    }


def attach_evidence(
    *,
    claim: Claim,
    article: Article,
    start: int,
    end: int,
    stance: str,
    user: User,
    expected_version: int,
) -> Evidence:
    """Anchor a passage the editor selected as evidence for an existing claim.

    For an aggregator article the evidence points at the upstream citation of its section.
    """
    if not (0 <= start < end <= len(article.text)):
        raise InvalidSelection(f"selection {start}-{end} is outside the article text")
    if stance not in Evidence.Stance.values:
        raise InvalidSelection(f"unknown stance {stance!r}")
    if claim.status == ReviewStatus.MERGED:
        raise InvalidTransition("a merged claim takes no evidence; attach it to its target")
    with transaction.atomic():
        claim = save_versioned(claim, expected_version=expected_version)
        if Evidence.objects.filter(claim=claim, article=article, start=start, end=end).exists():
            raise DuplicateEvidence(f"claim {claim.pk} already cites {start}-{end}")
        evidence = Evidence.objects.create(
            claim=claim,
            article=article,
            citation=section_citation(article, start),
            stance=stance,
            origin=Evidence.Origin.EDITOR,
            created_by=user,
            **quote_selector(article.text, start, end),
        )
        record_history(
            claim, ClaimHistory.Action.EVIDENCE_ADDED, user=user, detail=_evidence_detail(evidence)
        )
    return evidence


def remove_evidence(*, evidence: Evidence, user: User, expected_version: int) -> Claim:
    """Detach one piece of evidence; the history keeps the whole anchor."""
    claim = evidence.claim
    with transaction.atomic():
        claim = save_versioned(claim, expected_version=expected_version)
        detail = _evidence_detail(evidence)
        evidence.delete()
        record_history(claim, ClaimHistory.Action.EVIDENCE_REMOVED, user=user, detail=detail)
    return claim


# Anchor repair ------------------------------------------------------------------------

ANCHOR_CANDIDATES = 3
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


@dataclass(frozen=True)
class AnchorCandidate:
    """A place in the article's current text where a flagged quote may now be."""

    start: int
    end: int
    similarity: float  # 1.0 for the very words of the quote

    def text(self, article_text: str) -> str:
        return article_text[self.start : self.end]


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of `text`, without surrounding blanks."""
    spans = []
    position = 0
    for piece in _SENTENCE_END.split(text):
        start = position + len(piece) - len(piece.lstrip())
        end = position + len(piece.rstrip())
        if end > start:
            spans.append((start, end))
        position += len(piece)
        if position < len(text) and text[position] == "\n":
            position += 1
    return spans


def anchor_candidates(
    text: str, *, exact: str, prefix: str = "", suffix: str = "", limit: int = ANCHOR_CANDIDATES
) -> list[AnchorCandidate]:
    """The best places for a quote that no longer matches: its exact words wherever they
    occur, else the sentences (or two running sentences) most like it, best first.

    A re-fetched page often rewords a sentence slightly (「高く評価した」 for 「評価した」);
    the editor sees these candidates and picks one, or detaches the evidence.
    """
    found: dict[tuple[int, int], float] = {}
    position = text.find(exact) if exact else -1
    while position != -1:
        found[(position, position + len(exact))] = 1.0
        position = text.find(exact, position + 1)
    sentences = _sentences(text)
    spans = sentences + [(a[0], b[1]) for a, b in zip(sentences, sentences[1:], strict=False)]
    # A cheap bigram score picks a shortlist; difflib's ratio orders it.
    shortlist = sorted(spans, key=lambda span: -dice(exact, text[span[0] : span[1]]))[:12]
    for start, end in shortlist:
        ratio = SequenceMatcher(None, exact, text[start:end], autojunk=False).ratio()
        context = (prefix and text[max(0, start - len(prefix)) : start].endswith(prefix[-8:])) or (
            suffix and text[end : end + len(suffix)].startswith(suffix[:8])
        )
        score = min(0.99, ratio + (0.05 if context else 0.0))
        found[(start, end)] = max(found.get((start, end), 0.0), score)
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return [AnchorCandidate(start, end, round(score, 3)) for (start, end), score in ranked[:limit]]


def repair_anchor(
    *, evidence: Evidence, start: int, end: int, user: User, expected_version: int
) -> Evidence:
    """Re-anchor flagged evidence on the passage the editor picked in the current text."""
    article = evidence.article
    if not (0 <= start < end <= len(article.text)):
        raise InvalidSelection(f"selection {start}-{end} is outside the article text")
    claim = evidence.claim
    if claim.status == ReviewStatus.MERGED:
        raise InvalidTransition("a merged claim's evidence is repaired on its target")
    before = _evidence_detail(evidence)
    with transaction.atomic():
        claim = save_versioned(claim, expected_version=expected_version)
        taken = Evidence.objects.filter(claim=claim, article=article, start=start, end=end)
        if taken.exclude(pk=evidence.pk).exists():
            raise DuplicateEvidence(f"claim {claim.pk} already cites {start}-{end}")
        for name, value in quote_selector(article.text, start, end).items():
            setattr(evidence, name, value)
        evidence.anchor_ok = True
        evidence.save(update_fields=["exact", "prefix", "suffix", "start", "end", "anchor_ok"])
        record_history(
            claim,
            ClaimHistory.Action.ANCHOR_REPAIRED,
            user=user,
            detail={**_evidence_detail(evidence), "before": before},
        )
    return evidence


# Split --------------------------------------------------------------------------------


def split_evidence(*, evidence: Evidence, user: User, expected_version: int) -> Claim:
    """Move one piece of evidence out of its claim into a new candidate claim.

    The new claim starts as a copy of the old one's date, actors, issues and modality with
    the quoted passage as its text, for the editor to adjust; both histories record the
    split. A claim's only evidence cannot be split out (edit the claim instead).
    """
    source = evidence.claim
    if source.status == ReviewStatus.MERGED:
        raise InvalidTransition("a merged claim's evidence is split from its target")
    if not Evidence.objects.filter(claim=source).exclude(pk=evidence.pk).exists():
        raise InvalidTransition("this is the claim's only evidence: edit the claim instead")
    with transaction.atomic():
        source = save_versioned(source, expected_version=expected_version)
        new = Claim.objects.create(
            text=evidence.exact.strip(),
            time_expression=source.time_expression,
            event_start=source.event_start,
            event_end=source.event_end,
            date_precision=source.date_precision,
            modality=source.modality,
            confidence=source.confidence,
        )
        new.actors.set(source.actors.all())
        new.speakers.set(source.speakers.all())
        new.issues.set(source.issues.all())
        Evidence.objects.filter(pk=evidence.pk).update(claim=new)
        detail = {**_evidence_detail(evidence), "new_claim": new.pk, "split_from": source.pk}
        record_history(source, ClaimHistory.Action.SPLIT, user=user, detail=detail)
        record_history(new, ClaimHistory.Action.CREATED, user=user, detail=detail)
    return new
