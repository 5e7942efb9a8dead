"""Reads of the published side: approved claims with everything a timeline row shows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework.fields import DateTimeField

from claims.models import Actor, Claim, Evidence, Issue


def evidence_for_display() -> QuerySet[Evidence]:
    # The article's raw bytes and full text are large and unused when listing sources.
    return (
        Evidence.objects.select_related("article__outlet", "citation__outlet")
        .defer("article__raw_bytes", "article__text", "article__sections")
        .order_by("article_id", "start")
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


CLAIM_ROW_FIELDS = (
    "id",
    "text",
    "gloss_en",
    "time_expression",
    "event_start",
    "event_end",
    "date_precision",
    "modality",
    "updated_at",
)


EVIDENCE_ROW_FIELDS = (
    "claim_id",
    "exact",
    "start",
    "end",
    "stance",
    "article__canonical_url",
    "article__outlet__name",
    "citation_id",
    "citation__outlet_name",
    "citation__url",
)


def claim_rows(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API shape of these claim rows (`.values(*CLAIM_ROW_FIELDS)`), in two more queries.

    The list endpoint is hot: plain rows avoid instantiating thousands of model objects, and
    issues and actors come in one query (the few of each per claim multiply, which costs less
    than another round trip).
    """
    claim_ids = [claim["id"] for claim in claims]
    issues: dict[int, set[str]] = defaultdict(set)
    actors: dict[int, set[str]] = defaultdict(set)
    for claim_id, issue, actor in Claim.objects.filter(id__in=claim_ids).values_list(
        "id", "issues__slug", "actors__slug"
    ):
        if issue is not None:
            issues[claim_id].add(issue)
        if actor is not None:
            actors[claim_id].add(actor)
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in (
        Evidence.objects.filter(claim_id__in=claim_ids)
        .order_by("article_id", "start")
        .values(*EVIDENCE_ROW_FIELDS)
    ):
        evidence[item["claim_id"]].append(evidence_row(item))
    rows = []
    for claim in claims:
        claim_id = claim["id"]
        rows.append(
            {
                "id": claim_id,
                "text": claim["text"],
                "gloss_en": claim["gloss_en"],
                "time_expression": claim["time_expression"],
                "event_date": {
                    "start": _iso(claim["event_start"]),
                    "end": _iso(claim["event_end"]),
                    "precision": claim["date_precision"],
                },
                "modality": claim["modality"],
                "issues": sorted(issues[claim_id]),
                "actors": sorted(actors[claim_id]),
                "evidence": evidence[claim_id],
                "updated_at": drf_datetime(claim["updated_at"]),
            }
        )
    return rows


def evidence_row(item: dict[str, Any]) -> dict[str, Any]:
    """Where a quote comes from: the cited upstream outlet for aggregator sections."""
    cited = item["citation_id"] is not None
    return {
        "outlet": item["citation__outlet_name"] if cited else item["article__outlet__name"],
        "url": (item["citation__url"] if cited else "") or item["article__canonical_url"],
        "via": item["article__canonical_url"] if cited else None,
        "quote": item["exact"],
        "start": item["start"],
        "end": item["end"],
        "stance": item["stance"],
    }


_API_DATETIME = DateTimeField()


def drf_datetime(value: Any) -> str | None:
    """A datetime rendered exactly as the API's serializers render it."""
    return _API_DATETIME.to_representation(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
