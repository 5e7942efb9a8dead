"""Evidence an editor links to a claim, or removes from it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from claims.models import Claim, ClaimHistory, Evidence, ReviewStatus
from claims.services.candidates import (
    quote_selector,
    section_citation,
)
from claims.services.versioning import (
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
    user: AbstractBaseUser,
    expected_version: int,
) -> Evidence:
    """Anchor a passage the editor selected as evidence for an existing claim.

    For an aggregator article the evidence points at the upstream citation of its section.
    """
    if not (0 <= start < end <= len(article.text)):
        raise ValueError(f"selection {start}-{end} is outside the article text")
    if stance not in Evidence.Stance.values:
        raise ValueError(f"unknown stance {stance!r}")
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


def remove_evidence(*, evidence: Evidence, user: AbstractBaseUser, expected_version: int) -> Claim:
    """Detach one piece of evidence; the history keeps the whole anchor."""
    claim = evidence.claim
    with transaction.atomic():
        claim = save_versioned(claim, expected_version=expected_version)
        detail = _evidence_detail(evidence)
        evidence.delete()
        record_history(claim, ClaimHistory.Action.EVIDENCE_REMOVED, user=user, detail=detail)
    return claim
