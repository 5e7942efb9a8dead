"""Sources in the browser: feeds with their recent runs, failed fetches, and ad-hoc ingestion."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from celery import current_app
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connections, transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from config.http import SignedInRequest
from curation import selectors, services
from curation.forms import FeedForm, IngestURLForm
from curation.models import Article, Feed, FeedPoll
from curation.tasks import poll_feed as poll_feed_task

# The poll row is stamped by the task a moment after the click; runs from before it are not it.
POLL_CLOCK_SLACK = timedelta(seconds=2)


def _sources_page(
    request: SignedInRequest,
    *,
    ingest_form: IngestURLForm | None = None,
    feed_form: FeedForm | None = None,
    status: int = 200,
) -> HttpResponse:
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
            "ingest_form": ingest_form or IngestURLForm(),
            "feed_form": feed_form or FeedForm(),
        },
        status=status,
    )


@login_required
def feed_list(request: SignedInRequest) -> HttpResponse:
    selectors.require_feed_manager(request.user)
    return _sources_page(request)


@require_POST
@login_required
def ingest(request: SignedInRequest) -> HttpResponse:
    selectors.require_feed_manager(request.user)
    form = IngestURLForm(request.POST)
    if form.is_valid():
        article, created = services.enqueue_public_url(url=form.cleaned_data["url"])
        messages.success(
            request, _("Queued for fetching.") if created else _("This page is already known.")
        )
        return redirect("curation:feeds")
    # The address stays in the field with the reason beside it.
    return _sources_page(request, ingest_form=form, status=400)


@require_POST
@login_required
def add_feed(request: SignedInRequest) -> HttpResponse:
    selectors.require_feed_manager(request.user)
    form = FeedForm(request.POST)
    if form.is_valid():
        form.save()
        messages.success(request, _("Feed added."))
        return redirect("curation:feeds")
    return _sources_page(request, feed_form=form, status=400)


@login_required
def feed_detail(request: SignedInRequest, feed_id: int) -> HttpResponse:
    """One feed: edit it, poll it now, and see its recent runs, articles and failures."""
    feed = selectors.get_feed_for_edit(request.user, feed_id)
    form = FeedForm(request.POST or None, instance=feed)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Feed saved."))
        return redirect("curation:feed", feed_id=feed.pk)
    since = parse_datetime(request.GET.get("since", ""))
    return render(
        request,
        "curation/feed.html",
        {
            "feed": feed,
            "form": form,
            "runs": feed.polls.all()[:20],
            "articles": feed.articles.select_related("outlet").order_by("-created_at")[:30],
            "show_progress": since is not None,
            **(_progress_context(feed, since) if since else {}),
        },
    )


def _start_poll(feed_id: int) -> None:
    """Queue the poll; without a broker (make run) run it in a thread, so the browser never
    waits for the feed and its articles to be fetched."""
    if settings.RONTEN_POLL_IN_THREAD and current_app.conf.task_always_eager:

        def run() -> None:
            try:
                poll_feed_task.apply(args=(feed_id,))
            finally:
                connections.close_all()

        threading.Thread(target=run, name=f"poll-feed-{feed_id}", daemon=True).start()
    else:
        poll_feed_task.delay(feed_id)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def poll_now(request: SignedInRequest, feed_id: int) -> HttpResponse:
    feed = selectors.get_feed_for_edit(request.user, feed_id)
    since = timezone.now()
    transaction.on_commit(lambda: _start_poll(feed.pk))
    if request.htmx:
        return _progress(request, feed, since)
    messages.success(request, _("Polling started; this page shows its progress."))
    return redirect(
        reverse("curation:feed", args=[feed.pk]) + "?" + urlencode({"since": since.isoformat()})
    )


@require_GET
@login_required
def poll_progress(request: SignedInRequest, feed_id: int) -> HttpResponse:
    """The progress of the poll started at `since` (htmx asks again until it is done)."""
    feed = selectors.get_feed_for_edit(request.user, feed_id)
    since = parse_datetime(request.GET.get("since", ""))
    if since is None:
        return HttpResponseBadRequest("since")
    return _progress(request, feed, since)


def _progress(request: SignedInRequest, feed: Feed, since: datetime) -> HttpResponse:
    return render(request, "curation/feed.html#progress", _progress_context(feed, since))


def _progress_context(feed: Feed, since: datetime) -> dict[str, Any]:
    """How far the poll started at `since` has gone: the run, then its articles' fetches.

    Honest counts: `new` are URLs this run added; `known` are items of the feed it skipped
    (already stored, or off-topic for the feed's keywords)."""
    # A run that ended before the click is an earlier one, however close in time.
    run = (
        feed.polls.filter(started_at__gte=since - POLL_CLOCK_SLACK)
        .exclude(finished_at__lt=since)
        .order_by("started_at")
        .first()
    )
    start = run.started_at if run is not None else since
    articles = {
        row["status"]: row["count"]
        for row in Article.objects.filter(feed=feed, created_at__gte=start)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    }
    pending = articles.get(Article.Status.PENDING, 0)
    finished = run is not None and run.finished_at is not None
    return {
        "feed": feed,
        "run": run,
        "since": since.isoformat(),
        "done": finished and not pending,
        "fetched": articles.get(Article.Status.FETCHED, 0),
        "failed": articles.get(Article.Status.FAILED, 0),
        "pending": pending,
        "known": (run.items_seen - run.new_urls) if run is not None and finished else 0,
    }
