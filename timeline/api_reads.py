"""More of the read API: outlets, articles (metadata only), evidence, deadlines and the
timeline's buckets (claims per issue per day, week or month, counted by the database)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, DateField, Exists, F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce, TruncDay, TruncMonth, TruncWeek
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from claims.attribution import ATTRIBUTION_FIELDS
from claims.models import UNDATED_KEY, Claim, Evidence, ReviewStatus, timeline_key
from config.roles import can_read_candidates
from curation.models import Article, Outlet, OutletDomain
from timeline import conditional, sync
from timeline.api import (
    FILTER_PARAMS,
    PageSchema,
    ReadPublishedWriteCurated,
    SmallListMixin,
    StrictQueryMixin,
    decode_id_cursor,
    page_link,
    page_size,
)
from timeline.filters import TimelineFilter
from timeline.selectors import deadlines, drf_datetime, evidence_row
from timeline.serializers import (
    ERROR_RESPONSES,
    ArticlePageSerializer,
    ArticleSerializer,
    BucketsSerializer,
    DeadlineSerializer,
    EvidencePageSerializer,
    OutletSerializer,
)

PAGING = [
    OpenApiParameter("cursor", OpenApiTypes.STR, description="From a `next` link."),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 200 (default 50)."),
]


def visible_articles(request: Request) -> Any:
    """Fetched articles; to readers without a review role, only those a published claim cites."""
    articles = Article.objects.filter(status=Article.Status.FETCHED)
    if can_read_candidates(request.user):
        return articles
    cited = Evidence.objects.filter(article_id=OuterRef("pk"), claim__status=ReviewStatus.APPROVED)
    return articles.filter(Exists(cited))


ARTICLE_FIELDS = (
    "id",
    "canonical_url",
    "title",
    "byline",
    "outlet_id",
    "published_at",
    "fetched_at",
    "is_aggregator",
    "encoding",
)


def article_item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "url": row["canonical_url"],
        "title": row["title"],
        "byline": row["byline"],
        "outlet": row["outlet_id"],
        "published_at": drf_datetime(row["published_at"]),
        "fetched_at": drf_datetime(row["fetched_at"]),
        "is_aggregator": row["is_aggregator"],
        "encoding": row["encoding"],
    }


def id_page(request: Request, rows: Any, size: int) -> tuple[list[dict[str, Any]], str | None]:
    """A keyset page by id (one query)."""
    after = decode_id_cursor(request)
    if after is not None:
        rows = rows.filter(id__gt=after)
    found = list(rows.order_by("id")[: size + 1])
    page = found[:size]
    cursor = sync.Cursor("id", (None, page[-1]["id"])) if len(found) > size else None
    return page, page_link(request, cursor)


def body_validated(request: Request, body: Any) -> Response:
    """Small or derived answers: validated by a digest of the body itself."""
    etag = conditional.make_etag(request.get_full_path(), body)
    if conditional.is_not_modified(request, etag, None):
        return conditional.not_modified(etag, None)
    return conditional.with_validators(Response(body), etag, None)


@extend_schema_view(
    list=extend_schema(
        summary="List outlets",
        description="Publishers, with their domains (the `outlet` filter takes either).",
        responses={200: OutletSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One outlet", responses={200: OutletSerializer, **ERROR_RESPONSES}
    ),
)
class OutletViewSet(SmallListMixin, viewsets.ReadOnlyModelViewSet[Outlet]):
    serializer_class = OutletSerializer
    permission_classes = [ReadPublishedWriteCurated]
    queryset = Outlet.objects.order_by("id").prefetch_related(
        Prefetch("domains", queryset=OutletDomain.objects.order_by("domain"))
    )
    lookup_value_regex = r"[0-9]+"
    pagination_class = None
    filter_backends = ()


@extend_schema_view(
    list=extend_schema(
        summary="List articles (metadata)",
        description="Fetched articles by id: URL, title, outlet, dates; never the page's bytes "
        "or text. Without a review role, only articles that published claims cite.",
        parameters=[
            *PAGING,
            OpenApiParameter("outlet", OpenApiTypes.INT, description="Outlet id."),
        ],
        responses={200: ArticlePageSerializer, 304: None, **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One article (metadata)", responses={200: ArticleSerializer, **ERROR_RESPONSES}
    ),
)
class ArticleViewSet(StrictQueryMixin, viewsets.GenericViewSet[Article]):
    schema = PageSchema()
    serializer_class = ArticleSerializer
    permission_classes = [ReadPublishedWriteCurated]
    queryset = Article.objects.none()
    lookup_value_regex = r"[0-9]+"
    pagination_class = None
    filter_backends = ()
    allowed_params = frozenset({"cursor", "page_size", "outlet"})

    def check_query_params(self, request: Request) -> None:
        if self.action != "list":
            self.allowed_params = frozenset()
        super().check_query_params(request)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        size = page_size(request, default=50)
        rows = visible_articles(request)
        outlet = request.query_params.get("outlet")
        if outlet is not None:
            if not outlet.isdecimal():
                raise exceptions.ValidationError({"outlet": ["Enter an outlet id."]})
            rows = rows.filter(outlet_id=int(outlet))
        page, next_link = id_page(request, rows.values(*ARTICLE_FIELDS), size)
        return body_validated(
            request, {"next": next_link, "results": [article_item(row) for row in page]}
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = visible_articles(request).filter(pk=int(kwargs["pk"])).values(*ARTICLE_FIELDS).first()
        if row is None:
            raise Http404
        return body_validated(request, article_item(row))


@extend_schema_view(
    list=extend_schema(
        summary="List evidence",
        description="The quotes that anchor published claims, by id: the claim, the article, "
        "the exact quote and its offsets, the stance, and the outlet and URL it comes from (for "
        "an aggregator's section, the cited upstream article, with `via` the aggregator page).",
        parameters=[
            *PAGING,
            OpenApiParameter("claim", OpenApiTypes.INT),
            OpenApiParameter("article", OpenApiTypes.INT),
        ],
        responses={200: EvidencePageSerializer, 304: None, **ERROR_RESPONSES},
    ),
)
class EvidenceViewSet(StrictQueryMixin, viewsets.GenericViewSet[Evidence]):
    schema = PageSchema()
    permission_classes = [ReadPublishedWriteCurated]
    queryset = Evidence.objects.none()
    pagination_class = None
    filter_backends = ()
    allowed_params = frozenset({"cursor", "page_size", "claim", "article"})

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        size = page_size(request, default=50)
        filters = {}
        for name in ("claim", "article"):
            value = request.query_params.get(name)
            if value is not None:
                if not value.isdecimal():
                    raise exceptions.ValidationError({name: ["Enter an id."]})
                filters[f"{name}_id"] = int(value)
        decode_id_cursor(request)
        # Evidence moves only with its claim, whose update bumps the claims' change stamp.
        stamp = conditional.claims_changed_at()
        etag = conditional.make_etag("evidence", request.get_full_path(), stamp)
        if conditional.is_not_modified(request, etag, stamp):
            return conditional.not_modified(etag, stamp)
        rows = Evidence.objects.filter(claim__status=ReviewStatus.APPROVED, **filters).values(
            "id",
            "claim_id",
            "article_id",
            "exact",
            "start",
            "end",
            "stance",
            *ATTRIBUTION_FIELDS,
        )
        page, next_link = id_page(request, rows, size)
        items = [
            {"id": row["id"], "claim": row["claim_id"], "article": row["article_id"]}
            | evidence_row(row)
            for row in page
        ]
        body = {"next": next_link, "results": items}
        return conditional.with_validators(Response(body), etag, stamp)


@extend_schema_view(
    list=extend_schema(
        summary="List deadlines",
        description="Published claims with a `duration` or `before` date (a mandate, an "
        "ultimatum, a truce): start, due date, state (open, passed, or met when a published "
        "claim reports the outcome done) and related claim ids. The timeline's filters apply.",
        responses={200: DeadlineSerializer(many=True), 304: None, **ERROR_RESPONSES},
    ),
)
class DeadlineViewSet(StrictQueryMixin, viewsets.GenericViewSet[Claim]):
    permission_classes = [ReadPublishedWriteCurated]
    queryset = Claim.objects.none()
    filterset_class = TimelineFilter
    pagination_class = None
    allowed_params = FILTER_PARAMS

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        today = timezone.localdate()
        stamp = conditional.claims_changed_at()
        etag = conditional.make_etag("deadlines", request.get_full_path(), stamp, today)
        if conditional.is_not_modified(request, etag, stamp):
            return conditional.not_modified(etag, stamp)
        claims = self.filter_queryset(Claim.objects.approved())
        body = [
            {
                "claim": item.claim.pk,
                "text": item.claim.text,
                "time_expression": item.claim.time_expression,
                "precision": item.claim.date_precision,
                "start": item.start.isoformat() if item.start else None,
                "due": item.due.isoformat(),
                "state": item.state,
                "issues": [issue.slug for issue in item.claim.issues.all()],
                "related": [other.pk for other in item.related],
            }
            for item in deadlines(claims, today)
        ]
        return conditional.with_validators(Response(body), etag, stamp)


PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
MAX_BUCKET_DAYS = {"day": 366, "week": 7 * 260, "month": 31 * 240}


@extend_schema_view(
    list=extend_schema(
        summary="Timeline buckets",
        description="Published claims per issue per day, week (Monday) or month, counted by "
        "the database over the date range (required; at most a year of days, five years of "
        "weeks, twenty years of months). A claim counts in the period of its date (the start "
        "of its span, or the bound of an open one). The timeline's filters apply.",
        parameters=[
            OpenApiParameter("by", OpenApiTypes.STR, enum=list(PERIODS), required=True),
        ],
        responses={200: BucketsSerializer, 304: None, **ERROR_RESPONSES},
    ),
)
class BucketViewSet(StrictQueryMixin, viewsets.GenericViewSet[Claim]):
    schema = PageSchema()
    permission_classes = [ReadPublishedWriteCurated]
    queryset = Claim.objects.none()
    filterset_class = TimelineFilter
    pagination_class = None
    allowed_params = FILTER_PARAMS | {"by"}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        by = request.query_params.get("by")
        if by not in PERIODS:
            raise exceptions.ValidationError({"by": ["Choose day, week or month."]})
        missing = [name for name in ("date_from", "date_to") if not request.query_params.get(name)]
        if missing:
            raise exceptions.ValidationError({name: ["Required for buckets."] for name in missing})
        stamp = conditional.claims_changed_at()
        etag = conditional.make_etag("buckets", request.get_full_path(), stamp)
        if conditional.is_not_modified(request, etag, stamp):
            return conditional.not_modified(etag, stamp)
        claim_filter = TimelineFilter(request.query_params, queryset=Claim.objects.approved())
        if not claim_filter.is_valid():
            raise exceptions.ValidationError(claim_filter.errors)
        start: date = claim_filter.form.cleaned_data["date_from"]
        end: date = claim_filter.form.cleaned_data["date_to"]
        if (end - start).days > MAX_BUCKET_DAYS[by]:
            raise exceptions.ValidationError({"date_to": [f"Too many {by}s in the range."]})
        claims = claim_filter.qs.alias(when=timeline_key()).filter(
            Q(when__gte=start) & Q(when__lte=end)
        )
        through = Claim.issues.through.objects
        grouped = (
            through.filter(claim__in=claims.values("pk"))
            .annotate(period=PERIODS[by](timeline_key_of_claim()))
            # django-stubs looks for "period" among the through model's fields, not annotations.
            .values("period", "issue__slug")  # type: ignore[misc]
            .annotate(count=Count("claim_id"))
            .order_by("period", "issue__slug")
            .values_list("period", "issue__slug", "count")
        )
        buckets: dict[str, dict[str, int]] = {}
        for period, slug, count in grouped:
            day = period.date() if hasattr(period, "date") else period
            buckets.setdefault(day.isoformat(), {})[slug] = count
        body = {
            "by": by,
            "buckets": [{"start": key, "counts": value} for key, value in buckets.items()],
        }
        return conditional.with_validators(Response(body), etag, stamp)


def timeline_key_of_claim() -> Coalesce:
    """`timeline_key` seen from the claim–issue link table."""
    return Coalesce(
        F("claim__event_start"), F("claim__event_end"), Value(UNDATED_KEY), output_field=DateField()
    )
