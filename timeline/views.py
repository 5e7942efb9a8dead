import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.models import Claim, Issue
from config.roles import can_read
from timeline.filters import TimelineFilter
from timeline.selectors import CLAIM_ROW_FIELDS, claim_rows, timeline_claims

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


EXPORT_COLUMNS = [
    "id",
    "event_start",
    "event_end",
    "precision",
    "time_expression",
    "modality",
    "issues",
    "actors",
    "text",
    "gloss_en",
    "sources",
]


@require_GET
@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered timeline as CSV (UTF-8 with BOM, so that Excel reads the Japanese)."""
    if not can_read(request.user):
        raise PermissionDenied
    claim_filter = TimelineFilter(
        request.GET, queryset=Claim.objects.approved().in_timeline_order()
    )
    if not claim_filter.is_valid():
        return HttpResponseBadRequest(claim_filter.errors.as_text())
    rows = claim_rows(list(claim_filter.qs.values(*CLAIM_ROW_FIELDS)))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ronten-timeline.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row["id"],
                row["event_date"]["start"] or "",
                row["event_date"]["end"] or "",
                row["event_date"]["precision"],
                row["time_expression"],
                row["modality"],
                " ".join(row["issues"]),
                " ".join(row["actors"]),
                row["text"],
                row["gloss_en"],
                " | ".join(f"{e['outlet'] or ''} {e['url']}" for e in row["evidence"]),
            ]
        )
    return response
