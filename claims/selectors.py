"""Reads for the editors' workspace (they combine permissions, prefetching and filters)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from claims.models import Actor, Claim, Evidence, Issue, ReviewStatus
from config.roles import can_curate, can_read_candidates
from curation.models import Article

User = AbstractBaseUser | AnonymousUser


def review_inbox(user: User) -> QuerySet[Article]:
    """Fetched articles that still have candidate claims, newest first, with status counts."""
    if not can_read_candidates(user):
        raise PermissionDenied
    return (
        Article.objects.fetched()
        .select_related("outlet", "feed")
        .annotate(
            candidate_count=Count(
                "evidence__claim",
                filter=Q(evidence__claim__status=ReviewStatus.CANDIDATE),
                distinct=True,
            ),
            approved_count=Count(
                "evidence__claim",
                filter=Q(evidence__claim__status=ReviewStatus.APPROVED),
                distinct=True,
            ),
            rejected_count=Count(
                "evidence__claim",
                filter=Q(evidence__claim__status=ReviewStatus.REJECTED),
                distinct=True,
            ),
        )
        .filter(candidate_count__gt=0)
        .order_by("-published_at", "-id")
    )


def claims_with_detail() -> QuerySet[Claim]:
    return Claim.objects.prefetch_related(
        Prefetch("issues", queryset=Issue.objects.order_by("slug")),
        Prefetch("actors", queryset=Actor.objects.order_by("slug")),
        Prefetch("speakers", queryset=Actor.objects.order_by("slug")),
    )


@dataclass(frozen=True)
class ArticleForReview:
    article: Article
    claims: list[Claim]
    evidence: list[Evidence]


def get_article_for_review(user: User, article_id: int) -> ArticleForReview:
    if not can_read_candidates(user):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    evidence = list(
        Evidence.objects.filter(article=article).select_related("citation").order_by("start")
    )
    claims = list(
        claims_with_detail()
        .filter(evidence__article=article)
        .exclude(status=ReviewStatus.MERGED)
        .distinct()
        .order_by("pk")
    )
    positions = {item.claim_id: item.start for item in evidence}
    claims.sort(key=lambda claim: positions.get(claim.pk, 0))
    return ArticleForReview(article=article, claims=claims, evidence=evidence)


def get_claim_for_edit(user: User, claim_id: int) -> Claim:
    """The claim, if this user may change it (editors and admins)."""
    if not can_curate(user):
        raise PermissionDenied
    return get_object_or_404(claims_with_detail(), pk=claim_id)
