"""Sources in the browser: feeds with their recent runs, failed fetches, and ad-hoc ingestion."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.roles import can_manage_feeds
from curation import services
from curation.fetching import UnsafeURL, check_url_safe
from curation.forms import FeedForm, IngestURLForm
from curation.models import Article, Feed, FeedPoll
from curation.tasks import poll_feed as poll_feed_task


def _require_feed_manager(request: HttpRequest) -> None:
    if not can_manage_feeds(request.user):
        raise PermissionDenied


@login_required
def feed_list(request: HttpRequest) -> HttpResponse:
    _require_feed_manager(request)
    feeds = (
        Feed.objects.annotate(article_count=Count("articles"))
        .prefetch_related(Prefetch("polls", queryset=FeedPoll.objects.order_by("-started_at")))
        .order_by("url")
    )
    failures = Article.objects.failed().order_by("-updated_at")[:20]
    return render(
        request,
        "curation/feeds.html",
        {
            "feeds": feeds,
            "failures": failures,
            "ingest_form": IngestURLForm(),
            "feed_form": FeedForm(),
        },
    )


@require_POST
@login_required
def ingest(request: HttpRequest) -> HttpResponse:
    _require_feed_manager(request)
    form = IngestURLForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not queued: %s") % " ".join(form.errors.get("url", [])))
        return redirect("curation:feeds")
    url = form.cleaned_data["url"]
    try:
        check_url_safe(url, settings.FETCH_ALLOWED_HOSTS)
        article, created = services.enqueue_url(url=url)
    except UnsafeURL as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Queued for fetching.") if created else _("This page is already known.")
        )
    return redirect("curation:feeds")


@require_POST
@login_required
def add_feed(request: HttpRequest) -> HttpResponse:
    _require_feed_manager(request)
    form = FeedForm(request.POST)
    if form.is_valid():
        try:
            check_url_safe(form.cleaned_data["url"], settings.FETCH_ALLOWED_HOSTS)
        except UnsafeURL as error:
            messages.error(request, str(error))
        else:
            form.save()
            messages.success(request, _("Feed added."))
    else:
        messages.error(request, _("The feed could not be added: %s") % form.errors.as_text())
    return redirect("curation:feeds")


@login_required
def feed_detail(request: HttpRequest, feed_id: int) -> HttpResponse:
    """One feed: edit it, poll it now, and see its recent runs, articles and failures."""
    _require_feed_manager(request)
    feed = get_object_or_404(Feed, pk=feed_id)
    form = FeedForm(request.POST or None, instance=feed)
    if request.method == "POST" and form.is_valid():
        try:
            check_url_safe(form.cleaned_data["url"], settings.FETCH_ALLOWED_HOSTS)
        except UnsafeURL as error:
            form.add_error("url", str(error))
        else:
            form.save()
            messages.success(request, _("Feed saved."))
            return redirect("curation:feed", feed_id=feed.pk)
    return render(
        request,
        "curation/feed.html",
        {
            "feed": feed,
            "form": form,
            "runs": feed.polls.all()[:20],
            "articles": feed.articles.select_related("outlet").order_by("-created_at")[:30],
        },
    )


@require_POST
@login_required
def poll_now(request: HttpRequest, feed_id: int) -> HttpResponse:
    _require_feed_manager(request)
    feed = get_object_or_404(Feed, pk=feed_id)
    poll_feed_task.delay(feed.pk)
    messages.success(request, _("Polling queued."))
    return redirect("curation:feed", feed_id=feed.pk)
