"""The read API under /api/v1/: approved claims, and the vocabulary to filter them by."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from claims.models import Actor, Claim, Issue
from timeline.filters import TimelineFilter
from timeline.selectors import CLAIM_ROW_FIELDS, claim_rows, timeline_claims
from timeline.serializers import ActorSerializer, ClaimSerializer, IssueSerializer


class TimelinePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema_view(
    list=extend_schema(
        summary="List approved claims",
        description="Approved claims in event-date order with their issues, actors, dates and "
        "evidence (outlet, URL, exact quote). Filter by issue, actor, modality and date range.",
    ),
    retrieve=extend_schema(summary="One approved claim"),
)
class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ClaimSerializer
    filterset_class = TimelineFilter
    pagination_class = TimelinePagination

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            return Claim.objects.approved().in_timeline_order()
        return timeline_claims()

    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        # Paginate plain rows and build the ClaimSerializer shape from them: much faster.
        claims = self.get_queryset()
        if not TimelineFilter.base_filters.keys().isdisjoint(request.query_params):
            # Building the filter form costs as much as a query; without a filter asked for,
            # there is nothing for it to check.
            claims = self.filter_queryset(claims)
        claims = claims.values(*CLAIM_ROW_FIELDS)
        page = self.paginate_queryset(claims)
        return self.get_paginated_response(claim_rows(list(page)))


@extend_schema_view(
    list=extend_schema(summary="List negotiation issues", description="The issue taxonomy."),
    retrieve=extend_schema(summary="One issue"),
)
class IssueViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IssueSerializer
    queryset = Issue.objects.order_by("slug")
    lookup_field = "slug"
    pagination_class = None


@extend_schema_view(
    list=extend_schema(summary="List actors", description="Canonical people and organisations."),
    retrieve=extend_schema(summary="One actor"),
)
class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActorSerializer
    queryset = Actor.objects.order_by("slug")
    lookup_field = "slug"
    pagination_class = None
