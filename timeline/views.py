"""The analysts' timeline: thin views over timeline.selectors and timeline.exports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.dates import bucket_label, bucket_start, date_label, english_time_expression
from claims.models import Claim, Issue, Modality
from config.http import HtmxRequest
from config.roles import can_read_published
from timeline import exports, lanes, published_cache
from timeline.conditional import claims_changed_at
from timeline.filters import FILTER_PARAMETERS, TimelineFilter
from timeline.selectors import (
    BadCursor,
    PageClaim,
    Row,
    deadlines,
    issue_counts,
    keyset_page,
    present,
    vocabulary,
    weekly_counts,
)

VIEWS = ("list", "lanes", "deadlines")
GROUPS = ("month", "week", "day")
FINER = {"month": "week", "week": "day", "day": "day"}
KEPT = (*FILTER_PARAMETERS, "view", "group")


def _check_read(request: HtmxRequest) -> None:
    if not can_read_published(request.user):
        raise PermissionDenied


def _choice(request: HtmxRequest, name: str, choices: tuple[str, ...]) -> str:
    value = request.GET.get(name, "")
    return value if value in choices else choices[0]


def query_string(data: QueryDict, **overrides: Any) -> str:
    """The filters (and view, group) of `data` as a query string, with `overrides` applied;
    cursors are dropped unless given. Every link of the page is built with it."""
    pairs: list[tuple[str, str]] = []
    for key in KEPT:
        if key in overrides:
            continue
        pairs.extend((key, value) for value in data.getlist(key) if value != "")
    for key, value in overrides.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((key, str(item)) for item in values if item not in (None, ""))
    return urlencode(pairs)


@require_GET
@vary_on_headers("HX-Request")
def timeline(request: HtmxRequest) -> HttpResponse:
    """The page, or (for htmx) its results alone. The results depend on the query, the
    language and the day (deadline states), never on who asks, so they are rendered once per
    change of the published data (timeline.published_cache)."""
    _check_read(request)
    language = get_language() or "ja"
    variant = (language, timezone.localdate(), sorted(request.GET.lists()))
    results, status = published_cache.rendered(
        "timeline", variant, claims_changed_at(), lambda: _render_results(request, language)
    )
    if request.htmx:
        return HttpResponse(results, status=200)
    return render(
        request,
        "timeline/timeline.html",
        # Escaped when our results template rendered it; stored as that rendering.
        {"results_html": mark_safe(results)},
        status=status,
    )


def _render_results(request: HtmxRequest, language: str) -> tuple[str, int]:
    """The `#results` fragment of the page and the page's status (400 for a bad filter)."""
    view = _choice(request, "view", VIEWS)
    group = _choice(request, "group", GROUPS)
    claim_filter = TimelineFilter(request.GET, queryset=Claim.objects.approved())
    errors: list[str] = []
    page = None
    if claim_filter.is_valid():
        try:
            page = keyset_page(
                claim_filter.qs,
                after=request.GET.get("after") or None,
                before=request.GET.get("before") or None,
            )
        except BadCursor:
            errors.append("cursor")
    else:
        errors.extend(claim_filter.errors)
    data = request.GET
    selected_issues = data.getlist("issue")
    selected_actors = set(data.getlist("actor"))
    selected_outlets = set(data.getlist("outlet"))
    words = vocabulary()
    # With only issues chosen, a pill counts the issue's approved claims (cached totals); with
    # any other filter, the grouped count waits for the chart request (too slow for this one).
    deferred_counts = claim_filter.is_valid() and claim_filter.narrows_beyond_issues()
    issues = [
        {
            **issue,
            "count": None if deferred_counts else issue["count"],
            "name": issue["name_en"] if language == "en" else issue["name_ja"],
            "active": issue["slug"] in selected_issues,
            "toggle": query_string(
                data,
                issue=[s for s in selected_issues if s != issue["slug"]]
                if issue["slug"] in selected_issues
                else [*selected_issues, issue["slug"]],
            ),
        }
        for issue in words.issues
    ]
    rows = _decorate(present(page.claims), language) if page else []
    context: dict[str, Any] = {
        "filter": claim_filter,
        "form": claim_filter.form,
        "errors": errors,
        "page": page,
        "rows": rows,
        "groups": _grouped(rows, group, language, data),
        "issues": issues,
        "no_issue_link": query_string(data, issue=[]),
        "actors": [
            {
                "slug": actor["slug"],
                "label": actor["label"] + (f" — {actor['name_en']}" if language == "en" else ""),
                "selected": actor["slug"] in selected_actors,
            }
            for actor in words.actors
        ],
        "outlets": [
            {**outlet, "selected": outlet["id"] in selected_outlets} for outlet in words.outlets
        ],
        "modalities": Modality.choices,
        "selected": {key: data.getlist(key) for key in FILTER_PARAMETERS},
        "view": view,
        "group": group,
        "views": VIEWS,
        "group_links": {g: query_string(data, group=g) for g in GROUPS},
        "view_links": {v: query_string(data, view=v) for v in VIEWS},
        "filters_query": query_string(data),
        "export_query": query_string(data, view=None, group=None),
        "next_link": query_string(data, after=page.next_cursor)
        if page and page.next_cursor
        else None,
        "previous_link": query_string(data, before=page.previous_cursor)
        if page and page.previous_cursor
        else None,
        "first_link": query_string(data) if page and not page.is_first else None,
        "zoom_out": _zoom_out(data, group),
        "exports": exports.FORMATS,
    }
    if view == "lanes" and page:
        context["lanes"] = lanes.lane_chart(rows, group, language, claim_filter.form.cleaned_data)
    if view == "deadlines" and claim_filter.is_valid():
        context["deadlines"] = [
            lanes.deadline_bar(item, language, timezone.localdate())
            for item in deadlines(claim_filter.qs, timezone.localdate())
        ]
    html = render_to_string("timeline/results.html", context, request)
    return html, 400 if errors else 200


def _decorate(rows: list[Row], language: str) -> list[Row]:
    """Everything a row shows, prepared here once rather than looked up by the template."""
    claim_url = reverse("review:claim", args=[0])[: -len("0/")]
    modalities = {value: str(label) for value, label in Modality.choices}
    outlets_text: dict[int, str] = {}
    english = language == "en"
    for row in rows:
        claim = row.claim
        row.url = f"{claim_url}{claim.pk}/"
        row.iso = claim.event_start.isoformat() if claim.event_start else ""
        row.shape = _shape(claim)
        row.label = date_label(claim.event_start, claim.event_end, claim.date_precision, language)
        row.expression_en = english_time_expression(claim.time_expression) if english else ""
        row.modality = modalities.get(claim.modality, claim.modality)
        row.issue_names = [i["name_en" if english else "name_ja"] for i in row.issues]
        row.actor_names = [a["name_en" if english else "name_ja"] for a in row.actors]
        if row.independent not in outlets_text:
            outlets_text[row.independent] = ngettext(
                "%(counter)s independent outlet",
                "%(counter)s independent outlets",
                row.independent,
            ) % {"counter": row.independent}
        row.outlets_text = outlets_text[row.independent]
    return rows


def _shape(claim: PageClaim) -> str:
    """Which of the page's SVG symbols draws this claim's date (see `shape-*` in the template)."""
    if claim.date_precision in {"before", "after", "duration", "day"}:
        return claim.date_precision
    if claim.event_start is None:
        return ""
    return "span" if claim.date_precision else "day"


def _grouped(rows: list[Any], group: str, language: str, data: QueryDict) -> list[dict[str, Any]]:
    """Rows under headings of their day/week/month; each heading zooms into its bucket."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        day = row.claim.event_start or row.claim.event_end
        start = bucket_start(day, group) if day else None
        if not groups or groups[-1]["start"] != start:
            zoom = None
            if start is not None:
                end = _bucket_end(start, group)
                zoom = query_string(
                    data,
                    date_from=start.isoformat(),
                    date_to=end.isoformat(),
                    group=FINER[group],
                )
            groups.append(
                {
                    "start": start,
                    "label": bucket_label(start, group, language) if start else None,
                    "zoom": zoom if group != "day" else None,
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(row)
    return groups


def _bucket_end(start: date, group: str) -> date:
    if group == "month":
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    if group == "week":
        return start + timedelta(days=6)
    return start


def _zoom_out(data: QueryDict, group: str) -> str | None:
    """From days to weeks to months (the same window's year), then to all dates."""
    if not (data.get("date_from") or data.get("date_to") or group != "month"):
        return None
    try:
        anchor = date.fromisoformat(data.get("date_from") or data.get("date_to") or "")
    except ValueError:
        return query_string(data, date_from=None, date_to=None, group="month")
    if group == "day":
        start = anchor.replace(day=1)
        return query_string(
            data,
            date_from=start.isoformat(),
            date_to=_bucket_end(start, "month").isoformat(),
            group="week",
        )
    if group == "week":
        return query_string(
            data,
            date_from=anchor.replace(month=1, day=1).isoformat(),
            date_to=anchor.replace(month=12, day=31).isoformat(),
            group="month",
        )
    return query_string(data, date_from=None, date_to=None, group="month")


@require_GET
def chart(request: HtmxRequest) -> HttpResponse:
    """Claims per issue per week under the current filters: a small SVG per issue; and, when a
    filter other than the issues is set, the issue pills' counts under those filters (swapped
    into the pills out of band). Loaded by htmx after the page, so the grouped counts never
    delay the timeline itself."""
    _check_read(request)
    claim_filter = TimelineFilter(request.GET, queryset=Claim.objects.approved())
    if not claim_filter.is_valid():
        return HttpResponseBadRequest(claim_filter.form.errors.as_text())
    axis, series = weekly_counts(claim_filter.qs)
    issues = {issue.pk: issue for issue in Issue.objects.all()}
    charts = [
        lanes.sparkline(issues[issue_id], axis, counts, get_language() or "ja")
        for issue_id, counts in sorted(series.items(), key=lambda item: issues[item[0]].slug)
        if issue_id in issues
    ]
    pill_counts = []
    if claim_filter.narrows_beyond_issues():
        counts = issue_counts(claim_filter.without_issues())
        pill_counts = [
            {"slug": issue.slug, "count": counts.get(issue.pk, 0)}
            for issue in sorted(issues.values(), key=lambda issue: issue.slug)
        ]
    return render(
        request,
        "timeline/chart.html",
        {"charts": charts, "axis": axis, "pill_counts": pill_counts},
    )


@require_GET
def export(request: HtmxRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The current view (every filter) as CSV, JSON, iCalendar, ClaimReview JSON-LD or
    TimelineJS JSON, streamed in keyset batches: constant memory at any size."""
    _check_read(request)
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("unknown export format")
    claim_filter = TimelineFilter(request.GET, queryset=Claim.objects.approved())
    if not claim_filter.is_valid():
        return HttpResponseBadRequest(
            claim_filter.form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    return exports.stream(fmt, claim_filter.qs, request)
