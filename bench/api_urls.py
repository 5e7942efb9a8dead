"""Ronten's URLs plus the API benchmark's baseline view."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

from claims.models import Claim
from config.urls import urlpatterns as ronten_urlpatterns
from timeline.selectors import CLAIM_ROW_FIELDS

# The same columns the API lists, so that the baseline serves the same rows.
BARE_FIELDS = CLAIM_ROW_FIELDS


def bare_claims(request: HttpRequest) -> JsonResponse:
    """The baseline: the same rows by id through one `.values()` query and JsonResponse."""
    ids = [int(value) for value in request.GET["ids"].split(",")]
    rows = list(Claim.objects.filter(pk__in=ids).order_by("event_start", "id").values(*BARE_FIELDS))
    return JsonResponse({"results": rows})


urlpatterns = [path("bare/claims/", bare_claims), *ronten_urlpatterns]
