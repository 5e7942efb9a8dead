"""The editors' workspace: the review inbox, the article reader and the review actions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from claims import extraction, selectors, services
from claims.dates import date_label
from claims.filters import InboxFilter
from claims.forms import (
    MODALITY_DEFINITIONS,
    PRECISION_HINTS,
    AttachEvidenceForm,
    BulkReviewForm,
    ClaimDateForm,
    ClaimEditForm,
    DuplicateWindowForm,
    LexiconPickerForm,
    MergeForm,
    MergeGroupForm,
    PickerForm,
    RepairAnchorForm,
    RevertForm,
    ReviewForm,
    SelectionForm,
    UnmergeForm,
)
from claims.highlighting import highlight
from claims.middleware import attempting
from claims.models import Claim, Evidence
from config.http import HtmxRequest, SignedInRequest

INBOX_PAGE_SIZE = 30


@require_GET
@login_required
@vary_on_headers("HX-Request")
def inbox(request: SignedInRequest) -> HttpResponse:
    articles = selectors.inbox_articles(request.user)
    filters = InboxFilter(request.GET, queryset=articles)
    understood = filters.is_valid()
    matching = filters.qs if understood else articles.none()
    query = request.GET.copy()
    query.pop("page", None)
    filtering = any(value for key, value in request.GET.items() if key not in {"page", "filters"})
    number = request.GET.get("page", "1")
    page = selectors.inbox_page(
        matching, number=int(number) if number.isdecimal() else 1, size=INBOX_PAGE_SIZE
    )

    template = "claims/inbox.html#articles" if request.htmx else "claims/inbox.html"
    return render(
        request,
        template,
        {
            "page": page,
            "filters": filters,
            "show_filters": filtering or "filters" in request.GET,
            "filtering": filtering,
            "query": query.urlencode(),
            "filter_errors": None if understood else filters.form.errors,
        },
        status=200 if understood else 400,
    )


@require_GET
@login_required
def inbox_summary(request: SignedInRequest) -> HttpResponse:
    """The inbox's claims per status, loaded after the page (htmx) and refreshed slowly:
    unfiltered, the workspace's per-status counts; filtered, the claims of the matching
    articles by status. Kept out of the page request, which stays fast at any size."""
    articles = selectors.inbox_articles(request.user)
    filters = InboxFilter(request.GET, queryset=articles)
    if not filters.is_valid():
        return HttpResponseBadRequest(filters.form.errors.as_text())
    filtering = any(value for key, value in request.GET.items() if key not in {"page", "filters"})
    summary = selectors.inbox_summary(filters.qs) if filtering else selectors.status_summary()
    return render(request, "claims/inbox.html#summary", {"summary": summary})


@require_GET
@login_required
def article_reader(request: SignedInRequest, article_id: int) -> HttpResponse:
    review = selectors.get_article_for_review(request.user, article_id)
    spans = [(item.start, item.end, item.claim_id) for item in review.evidence if item.anchor_ok]
    flagged = [
        (item.start, item.end, item.claim_id) for item in review.evidence if not item.anchor_ok
    ]
    return render(
        request,
        "claims/article.html",
        {
            "article": review.article,
            "claims": review.claims,
            "paragraphs": highlight(
                review.article.text,
                spans,
                flagged=flagged,
                status_of={claim.pk: claim.status for claim in review.claims},
            ),
            "flagged_claims": {claim_id for _, _, claim_id in flagged},
            "stances": Evidence.Stance.choices,
        },
    )


@require_GET
def claim_detail(request: HtmxRequest, claim_id: int) -> HttpResponse:
    try:  # approved claims are public (RONTEN_PUBLIC_READ); the rest need a role
        page = selectors.get_claim_page(request.user, claim_id)
    except PermissionDenied:
        if request.user.is_authenticated:
            raise
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "claims/claim.html",
        {"page": page, "claim": page.claim, "next": request.get_full_path()},
    )


def _claim_card(
    request: HttpRequest, claim: Claim, *, status: int = 200, **extra: object
) -> HttpResponse:
    claim = selectors.claims_with_detail().get(pk=claim.pk)
    return render(
        request, "claims/article.html#claim-card", {"claim": claim, **extra}, status=status
    )


def _safe_next(request: SignedInRequest) -> str | None:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _after_action(request: SignedInRequest, claim: Claim, **extra: Any) -> HttpResponse:
    if request.htmx:
        return _claim_card(request, claim, **extra)
    if extra.get("decided"):
        messages.success(
            request,
            _("Claim #%(claim)d: %(status)s.")
            % {"claim": claim.pk, "status": claim.get_status_display()},
        )
    if target := _safe_next(request):
        return redirect(target)
    article_id = request.POST.get("article")
    if article_id and article_id.isdecimal():
        return redirect("review:article", article_id=int(article_id))
    return redirect("review:inbox")


def _review(request: SignedInRequest, claim_id: int, action: str) -> HttpResponse:
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("missing version")
    version = form.cleaned_data["version"]
    decide = {
        "approve": services.approve_claim,
        "reject": services.reject_claim,
        "reopen": services.reopen_claim,
    }[action]
    attempting(
        request,
        {"approve": _("Approve"), "reject": _("Reject"), "reopen": _("Reopen")}[action],
        claim=claim,
    )
    claim = decide(
        claim=claim,
        user=request.user,
        expected_version=version,
        reason=form.cleaned_data["reason"],
    )
    return _after_action(request, claim, decided=True)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def approve(request: SignedInRequest, claim_id: int) -> HttpResponse:
    return _review(request, claim_id, "approve")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def reject(request: SignedInRequest, claim_id: int) -> HttpResponse:
    return _review(request, claim_id, "reject")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def reopen(request: SignedInRequest, claim_id: int) -> HttpResponse:
    return _review(request, claim_id, "reopen")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def undo(request: SignedInRequest, claim_id: int) -> HttpResponse:
    """Take back the decision just made on this claim (the undo notice's button)."""
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    form = UnmergeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("missing version")
    attempting(request, _("Undo"), claim=claim, refusal=_("There is no decision to undo any more."))
    claim = services.undo_decision(
        claim=claim, user=request.user, expected_version=form.cleaned_data["version"]
    )
    return _after_action(request, claim, undone=True)


@login_required
@vary_on_headers("HX-Request")
def edit(request: SignedInRequest, claim_id: int) -> HttpResponse:
    """The claim editor: inline in the reader through htmx (it takes the card's place and
    gives the card back, saved, with a confirmation), or a page of its own without."""
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    if request.method != "POST":
        form = ClaimEditForm(
            initial=ClaimEditForm.initial_for(claim), auto_id=f"edit-{claim.pk}-%s"
        )
        return _editor(request, claim, form)
    form = ClaimEditForm(request.POST, auto_id=f"edit-{claim.pk}-%s")
    if not form.is_valid():
        return _editor(request, claim, form, status=422)
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
    # Someone saved first: the editor again, the stored version above what was typed.
    attempting(
        request,
        _("Edit"),
        claim=claim,
        on_conflict=lambda current: _editor(
            request,
            selectors.claims_with_detail().get(pk=current.pk),
            form,
            status=409,
            conflict=True,
        ),
    )
    claim = services.edit_claim(
        claim=claim, user=request.user, expected_version=data["version"], changes=changes
    )
    if request.htmx:
        return _claim_card(
            request, claim, saved=True, back_to_review=settings.RONTEN_APPROVED_EDITS_TO_REVIEW
        )
    messages.success(
        request,
        _("Claim #%(claim)d saved (v%(version)d).") % {"claim": claim.pk, "version": claim.version},
    )
    return _after_action(request, claim)


def _editor(
    request: SignedInRequest,
    claim: Claim,
    form: ClaimEditForm,
    *,
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    context = {
        "claim": claim,
        "form": form,
        "conflict": conflict,
        "pickers": [
            {
                "kind": "actor",
                "field": "actors",
                "label": _("Actors"),
                "placeholder": _("Add an actor: Japanese name or alias"),
                "chosen": _chosen(form, "actors", claim.actors.all()),
                "errors": form["actors"].errors,
            },
            {
                "kind": "issue",
                "field": "issues",
                "label": _("Issues"),
                "placeholder": _("Add an issue: Japanese name or keyword"),
                "chosen": _chosen(form, "issues", claim.issues.all()),
                "errors": form["issues"].errors,
            },
        ],
        "precision_hints": PRECISION_HINTS,
        "modality_definitions": MODALITY_DEFINITIONS,
        "settings_back_to_review": settings.RONTEN_APPROVED_EDITS_TO_REVIEW,
        "passages": selectors.claim_passages(claim) if not request.htmx else [],
        "next": request.GET.get("next") or request.POST.get("next") or "",
    }
    template = "claims/edit.html#editor" if request.htmx else "claims/edit.html"
    return render(request, template, context, status=status)


def _chosen(form: ClaimEditForm, name: str, stored: Any) -> list[Any]:
    """The actors or issues the editor currently has ticked (the submitted ones after a
    refused save, so nothing typed is lost)."""
    if form.is_bound:
        field = form.fields[name]
        slugs = form.data.getlist(name) if hasattr(form.data, "getlist") else []
        return list(field.queryset.filter(slug__in=slugs))  # type: ignore[attr-defined]
    return list(stored)


@require_GET
@login_required
def date_reading(request: SignedInRequest, claim_id: int) -> HttpResponse:
    """The editor's date control read back as it will be published (in words, at its
    precision) and what its time expression reads as against the claim's first source;
    with `apply`, the control filled in with that reading."""
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    form = ClaimDateForm(request.GET)
    language = get_language() or "ja"
    expression = request.GET.get("time_expression", "").strip()
    anchor = selectors.date_anchor(claim)
    read = extraction.resolve_time_expression(expression, anchor) if expression and anchor else None
    context: dict[str, Any] = {"claim": claim, "expression": expression, "anchor": anchor}
    if read and request.GET.get("apply"):
        initial = ClaimDateForm.initial_dates(read.start, read.end, read.precision.value)
        context["form"] = ClaimDateForm(initial={"time_expression": expression, **initial})
        context["precision_hints"] = PRECISION_HINTS
        return render(request, "claims/edit.html#date-control", context)
    reading = None
    if form.is_valid():
        data = form.cleaned_data
        precision = data["date_precision"] or ""
        reading = {
            "words": date_label(data["event_start"], data["event_end"], precision, language),
            "start": data["event_start"],
            "end": data["event_end"],
        }
        if read and (read.start, read.end, read.precision.value) == (
            data["event_start"],
            data["event_end"],
            precision,
        ):
            read = None  # the control already says what the expression says
    suggestion = (
        {"words": date_label(read.start, read.end, read.precision.value, language)}
        if read
        else None
    )
    context.update({"reading": reading, "suggestion": suggestion, "form": form})
    return render(request, "claims/edit.html#date-reading", context)


@require_GET
@login_required
def card(request: SignedInRequest, claim_id: int) -> HttpResponse:
    """One claim's card (the editor's Cancel puts it back)."""
    return _claim_card(request, selectors.get_claim_for_review(request.user, claim_id))


@require_GET
@login_required
def lexicon_picker(request: SignedInRequest) -> HttpResponse:
    """Actors or issues matching a Japanese (or English) name, alias or keyword."""
    form = LexiconPickerForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    kind = form.cleaned_data["kind"]
    found = selectors.search_lexicon(request.user, kind=kind, text=form.cleaned_data["q"])
    return render(
        request,
        "claims/edit.html#lexicon-results",
        {"found": found, "kind": kind, "field": "actors" if kind == "actor" else "issues"},
    )


# Bulk review ---------------------------------------------------------------------------


@require_POST
@login_required
@vary_on_headers("HX-Request")
def bulk(request: SignedInRequest) -> HttpResponse:
    selectors.require_curator(request.user)
    form = BulkReviewForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request,
                "claims/article.html#bulk-result",
                {"errors": form.errors},
                status=400,
            )
        messages.error(request, _("Select at least one claim."))
        return redirect(_safe_next(request) or reverse("review:inbox"))
    result = services.bulk_review(
        claim_versions=form.cleaned_data["claims"],
        user=request.user,
        action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
    )
    summary = _("%(done)d done, %(conflicts)d changed by someone else, %(refused)d not allowed") % {
        "done": len(result.done),
        "conflicts": len(result.conflicts),
        "refused": len(result.refused),
    }
    status = 200 if not result.conflicts else 409
    if request.htmx:
        shown = [claim.pk for claim in result.done + result.conflicts] + [
            claim.pk for claim, _reason in result.refused
        ]
        cards = selectors.claims_with_detail().filter(pk__in=shown).order_by("pk")
        return render(
            request,
            "claims/article.html#bulk-result",
            {
                "result": result,
                "summary": summary,
                "cards": cards,
                "conflict_ids": {claim.pk for claim in result.conflicts},
            },
            status=status,
        )
    (messages.success if result.ok else messages.warning)(request, summary)
    return redirect(_safe_next(request) or reverse("review:inbox"))


# Anchoring -----------------------------------------------------------------------------


@require_POST
@login_required
def create_from_selection(request: SignedInRequest, article_id: int) -> HttpResponse:
    article = selectors.get_article_for_edit(request.user, article_id)
    form = SelectionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    data = form.cleaned_data
    claim = services.create_claim_from_selection(
        article=article,
        start=data["start"],
        end=data["end"],
        user=request.user,
        text=data["text"] or None,
    )
    messages.success(request, _("New candidate claim created from the selection."))
    return redirect(reverse("review:article", args=[article.pk]) + f"#claim-{claim.pk}")


@require_GET
@login_required
def picker(request: SignedInRequest) -> HttpResponse:
    selectors.require_curator(request.user)
    form = PickerForm(request.GET)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {"q": "", "on": None}
    claims = selectors.search_claims(request.user, text=data["q"], on=data["on"])
    if exclude := data.get("exclude"):
        claims = [claim for claim in claims if claim.pk != exclude]
    return render(
        request,
        "claims/picker.html",
        {
            "claims": claims,
            "searched": bool(data["q"] or data["on"]),
            "merging": data.get("purpose") == "merge",
        },
    )


@require_GET
@login_required
@vary_on_headers("HX-Request")
def duplicates(request: SignedInRequest) -> HttpResponse:
    """Claims of different articles that state the same event, proposed for merging, among
    the claims changed most recently or those of a date range."""
    window = DuplicateWindowForm(request.GET)
    context: dict[str, Any] = {"window": window, "proposals": [], "scan": selectors.DUPLICATE_SCAN}
    if not window.is_valid():
        return render(request, "claims/duplicates.html", context, status=400)
    context["proposals"] = selectors.proposed_merges(request.user, **window.cleaned_data)
    template = "claims/duplicates.html#proposals" if request.htmx else "claims/duplicates.html"
    return render(request, template, context)


@require_POST
@login_required
def merge_group(request: SignedInRequest) -> HttpResponse:
    """Merge a proposed group (or the part of it the editor kept ticked) into its target."""
    selectors.require_curator(request.user)
    form = MergeGroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select the claims to merge into this one."))
        return redirect(_safe_next(request) or reverse("review:duplicates"))
    target_id, target_version = form.cleaned_data["target"]
    target = selectors.get_claim_for_edit(request.user, target_id)
    versions = form.cleaned_data["sources"]
    versions.pop(target_id, None)
    return _merge_into(request, target, versions, target_version)


def _conflict(
    request: HttpRequest,
    claim: Claim,
    *,
    attempted: str,
    retry: dict[str, Any] | None = None,
    refused: str = "",
    status: int = 409,
) -> HttpResponse:
    """The stored version beside what the editor tried, so nothing is lost: someone saved
    first (409), or the claim's state refused the change (`refused` says why)."""
    current = selectors.claims_with_detail().get(pk=claim.pk)
    return render(
        request,
        "claims/conflict.html",
        {"claim": current, "attempted": attempted, "retry": retry, "refused": refused},
        status=status,
    )


@require_POST
@login_required
def attach(request: SignedInRequest, article_id: int) -> HttpResponse:
    article = selectors.get_article_for_edit(request.user, article_id)
    form = AttachEvidenceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    data = form.cleaned_data
    claim_id, version = data["target"]
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    quote = article.text[data["start"] : data["end"]]
    attempting(
        request,
        _("Attach “%(quote)s” as evidence") % {"quote": quote},
        claim=claim,
        retry=lambda current: {
            "action": reverse("review:attach", args=[article.pk]),
            "fields": {
                "start": data["start"],
                "end": data["end"],
                "stance": data["stance"],
                "target": f"{current.pk}:{current.version}",
            },
        },
    )
    services.attach_evidence(
        claim=claim,
        article=article,
        start=data["start"],
        end=data["end"],
        stance=data["stance"],
        user=request.user,
        expected_version=version,
    )
    messages.success(request, _("Evidence attached."))
    return redirect(reverse("review:claim", args=[claim.pk]))


@require_POST
@login_required
def remove_evidence(request: SignedInRequest, evidence_id: int) -> HttpResponse:
    evidence = selectors.get_evidence_for_edit(request.user, evidence_id)
    form = UnmergeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("missing version")
    attempting(request, _("Remove evidence"), claim=evidence.claim)
    claim = services.remove_evidence(
        evidence=evidence, user=request.user, expected_version=form.cleaned_data["version"]
    )
    return redirect(reverse("review:claim", args=[claim.pk]))


# Anchor repair and split ---------------------------------------------------------------


@login_required
def repair_anchor(request: SignedInRequest, evidence_id: int) -> HttpResponse:
    """A flagged anchor: the article with the best candidate positions; pick one or detach."""
    evidence = selectors.get_evidence_for_edit(request.user, evidence_id)
    article = evidence.article
    if request.method == "POST":
        form = RepairAnchorForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(form.errors.as_text())
        data = form.cleaned_data
        attempting(request, _("Repair the anchor"), claim=evidence.claim)
        services.repair_anchor(
            evidence=evidence,
            start=data["start"],
            end=data["end"],
            user=request.user,
            expected_version=data["version"],
        )
        messages.success(request, _("Anchor repaired."))
        return redirect(reverse("review:claim", args=[evidence.claim_id]))
    candidates = services.anchor_candidates(
        article.text, exact=evidence.exact, prefix=evidence.prefix, suffix=evidence.suffix
    )
    spans = [(item.start, item.end, index) for index, item in enumerate(candidates, start=1)]
    return render(
        request,
        "claims/repair.html",
        {
            "evidence": evidence,
            "claim": evidence.claim,
            "article": article,
            "candidates": [
                (index, item, item.text(article.text))
                for index, item in enumerate(candidates, start=1)
            ],
            "paragraphs": highlight(article.text, spans),
        },
    )


@require_POST
@login_required
def split(request: SignedInRequest, evidence_id: int) -> HttpResponse:
    """Move one piece of evidence out into a new candidate claim, then edit that claim."""
    evidence = selectors.get_evidence_for_edit(request.user, evidence_id)
    form = UnmergeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("missing version")
    attempting(request, _("Split the evidence out"), claim=evidence.claim)
    new = services.split_evidence(
        evidence=evidence, user=request.user, expected_version=form.cleaned_data["version"]
    )
    messages.success(
        request,
        _("The passage is now claim #%(claim)d: adjust it and review it.") % {"claim": new.pk},
    )
    return redirect(
        reverse("review:edit", args=[new.pk])
        + "?"
        + urlencode({"next": reverse("review:claim", args=[new.pk])})
    )


# Claim page actions --------------------------------------------------------------------


@require_POST
@login_required
def merge(request: SignedInRequest, claim_id: int) -> HttpResponse:
    """Merge proposed duplicates, or any claims the editor picked by hand, into this one."""
    target = selectors.get_claim_for_edit(request.user, claim_id)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select the claims to merge into this one."))
        return redirect(reverse("review:claim", args=[target.pk]))
    return _merge_into(request, target, form.cleaned_data["sources"], form.cleaned_data["version"])


def _merge_into(
    request: SignedInRequest, target: Claim, versions: dict[int, int], target_version: int
) -> HttpResponse:
    sources = list(Claim.objects.filter(pk__in=versions))
    if not sources:
        messages.error(request, _("Select the claims to merge into this one."))
        return redirect(reverse("review:claim", args=[target.pk]))
    attempting(
        request,
        _("Merge %(sources)s into #%(target)d")
        % {"sources": ", ".join(f"#{pk}" for pk in versions), "target": target.pk},
        claim=target,
    )
    services.merge_claims(
        target=target,
        sources=sources,
        user=request.user,
        expected_versions={**versions, target.pk: target_version},
    )
    messages.success(
        request,
        _("Merged %(sources)s into #%(target)d.")
        % {"sources": ", ".join(f"#{pk}" for pk in versions), "target": target.pk},
    )
    return redirect(reverse("review:claim", args=[target.pk]))


@require_POST
@login_required
def unmerge(request: SignedInRequest, claim_id: int) -> HttpResponse:
    source = selectors.get_claim_for_edit(request.user, claim_id)
    form = UnmergeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("missing version")
    attempting(request, _("Undo the merge"), claim=source)
    services.unmerge_claim(
        source=source, user=request.user, expected_version=form.cleaned_data["version"]
    )
    return redirect(_safe_next(request) or reverse("review:claim", args=[source.pk]))


@require_POST
@login_required
def revert(request: SignedInRequest, claim_id: int) -> HttpResponse:
    claim = selectors.get_claim_for_edit(request.user, claim_id)
    form = RevertForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("missing version")
    to_version = form.cleaned_data["to_version"]
    attempting(request, _("Revert to version %(version)d") % {"version": to_version}, claim=claim)
    services.revert_claim(
        claim=claim,
        to_version=to_version,
        user=request.user,
        expected_version=form.cleaned_data["version"],
    )
    return redirect(reverse("review:claim", args=[claim.pk]))


@require_POST
@login_required
def mark_distinct(request: SignedInRequest) -> HttpResponse:
    """A proposed merge turned down: the claim kept and the ticked ones state different
    events, and are not proposed together again."""
    editor = selectors.require_curator(request.user)
    form = MergeGroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select the claims to merge into this one."))
        return redirect(_safe_next(request) or reverse("review:duplicates"))
    target_id, _version = form.cleaned_data["target"]
    ids = {target_id, *form.cleaned_data["sources"]}
    services.mark_distinct(claims=list(Claim.objects.filter(pk__in=ids)), user=editor)
    messages.success(
        request, _("Marked as different events: they will not be proposed together again.")
    )
    return redirect(_safe_next(request) or reverse("review:duplicates"))
