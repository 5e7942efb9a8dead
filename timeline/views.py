from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.models import Issue
from config.roles import can_read
from timeline.filters import TimelineFilter
from timeline.selectors import timeline_claims

PAGE_SIZE = 50


@require_GET
@login_required
@vary_on_headers("HX-Request")
def timeline(request: HttpRequest) -> HttpResponse:
    if not can_read(request.user):
        raise PermissionDenied
    claim_filter = TimelineFilter(request.GET, queryset=timeline_claims())
    page = Paginator(claim_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "timeline/timeline.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {
            "filter": claim_filter,
            "page": page,
            "issues": Issue.objects.order_by("slug"),
            "active_issue": request.GET.get("issue", ""),
        },
    )
