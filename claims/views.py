"""The editors' workspace: the review inbox, the article reader and the review actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import selectors, services
from claims.forms import ClaimEditForm, ReviewForm
from claims.models import Claim
from claims.reading import highlight

INBOX_PAGE_SIZE = 30


@require_GET
@login_required
@vary_on_headers("HX-Request")
def inbox(request: HttpRequest) -> HttpResponse:
    articles = selectors.review_inbox(request.user)
    page = Paginator(articles, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    template = "claims/inbox.html#articles" if request.htmx else "claims/inbox.html"
    return render(request, template, {"page": page})


@require_GET
@login_required
def article_reader(request: HttpRequest, article_id: int) -> HttpResponse:
    review = selectors.get_article_for_review(request.user, article_id)
    spans = [(item.start, item.end, item.claim_id) for item in review.evidence]
    return render(
        request,
        "claims/article.html",
        {
            "article": review.article,
            "claims": review.claims,
            "paragraphs": highlight(review.article.text, spans),
        },
    )


def _claim_card(
    request: HttpRequest, claim: Claim, *, status: int = 200, **extra: object
) -> HttpResponse:
    claim = selectors.claims_with_detail().get(pk=claim.pk)
    return render(
        request, "claims/article.html#claim-card", {"claim": claim, **extra}, status=status
    )


def _after_action(request: HttpRequest, claim: Claim, **extra: object) -> HttpResponse:
    if request.htmx:
        return _claim_card(request, claim, **extra)
    article_id = request.POST.get("article")
    if article_id and article_id.isdigit():
        return redirect("review:article", article_id=int(article_id))
    return redirect("review:inbox")


def _review(request: HttpRequest, claim_id: int, action: str) -> HttpResponse:
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("missing version")
    version = form.cleaned_data["version"]
    try:
        if action == "approve":
            claim = services.approve_claim(claim=claim, user=request.user, expected_version=version)
        elif action == "reject":
            claim = services.reject_claim(
                claim=claim,
                user=request.user,
                expected_version=version,
                reason=form.cleaned_data["reason"],
            )
        else:
            claim = services.reopen_claim(claim=claim, user=request.user, expected_version=version)
    except services.ConflictError as conflict:
        return _claim_card(request, conflict.current, status=409, conflict=True)
    except services.InvalidTransition as error:
        return _claim_card(request, claim, status=409, error=str(error))
    return _after_action(request, claim)


@require_POST
@login_required
def approve(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _review(request, claim_id, "approve")


@require_POST
@login_required
def reject(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _review(request, claim_id, "reject")


@require_POST
@login_required
def reopen(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _review(request, claim_id, "reopen")


@login_required
def edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    if request.method == "POST":
        form = ClaimEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changes = services.ClaimChanges(
                text=data["text"],
                gloss_en=data["gloss_en"],
                time_expression=data["time_expression"],
                event_start=data["event_start"],
                event_end=data["event_end"],
                date_precision=data["date_precision"],
                modality=data["modality"],
                actor_slugs=tuple(actor.slug for actor in data["actors"]),
                issue_slugs=tuple(issue.slug for issue in data["issues"]),
            )
            try:
                claim = services.edit_claim(
                    claim=claim,
                    user=request.user,
                    expected_version=data["version"],
                    changes=changes,
                )
            except services.ConflictError as conflict:
                current = selectors.claims_with_detail().get(pk=conflict.current.pk)
                return render(
                    request,
                    "claims/edit.html",
                    {"claim": current, "form": form, "conflict": True},
                    status=409,
                )
            return _after_action(request, claim)
    else:
        form = ClaimEditForm(
            initial={
                "version": claim.version,
                "text": claim.text,
                "gloss_en": claim.gloss_en,
                "time_expression": claim.time_expression,
                "event_start": claim.event_start,
                "event_end": claim.event_end,
                "date_precision": claim.date_precision,
                "modality": claim.modality,
                "actors": list(claim.actors.all()),
                "issues": list(claim.issues.all()),
            }
        )
    return render(request, "claims/edit.html", {"claim": claim, "form": form})
