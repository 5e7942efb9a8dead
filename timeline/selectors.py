"""Reads of the published side: approved claims with everything a timeline row shows."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Actor, Claim, Evidence, Issue


def evidence_for_display() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("article__outlet", "citation__outlet").order_by(
        "article_id", "start"
    )


def timeline_claims() -> QuerySet[Claim]:
    """Approved claims in event-date order, prefetched so a page costs a fixed number of queries."""
    return (
        Claim.objects.approved()
        .in_timeline_order()
        .prefetch_related(
            Prefetch("issues", queryset=Issue.objects.order_by("slug")),
            Prefetch("actors", queryset=Actor.objects.order_by("slug")),
            Prefetch("evidence", queryset=evidence_for_display()),
        )
    )
