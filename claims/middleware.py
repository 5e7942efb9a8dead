"""Domain errors become HTTP once, here, for the editors' pages; the API's twin is
`timeline.api.exception_handler`. The same error gets the same status on every path:

- a stale version (`ConflictError`) is a 409 with the stored version beside what the editor
  tried, and a retry when the view gives one (the API: a 412, its If-Match having failed);
- a change the claim's state refuses (`InvalidTransition`, `DuplicateEvidence`) is a 409 that
  says why;
- withdrawing a published claim without a reason (`ReasonRequired`) is a 422 whose card asks
  for the reason (the API: a 400 naming the `reason` field);
- bad input the forms cannot see (`InvalidSelection`, `UnknownVersion`) is a 400.

htmx requests get the claim's card in its place; other requests the conflict page. Before
calling the service the view names what it attempts, on which claim, with `attempting`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.services import (
    ConflictError,
    DuplicateEvidence,
    InvalidSelection,
    InvalidTransition,
    ReasonRequired,
    UnknownVersion,
)
from config.http import HtmxRequest

Retry = Callable[[Claim], dict[str, Any]]


@dataclass(frozen=True)
class Attempt:
    """What the editor is doing, for the response if the service refuses it."""

    attempted: str
    claim: Claim | None
    # The same action on the stored version, offered on the conflict page.
    retry: Retry | None = None
    # The view's own answer to a stale version (the editor's form, keeping what was typed).
    on_conflict: Callable[[Claim], HttpResponse] | None = None
    # The view's wording of a refusal, in place of the service's.
    refusal: str | None = None


def attempting(
    request: HttpRequest,
    attempted: str,
    *,
    claim: Claim | None,
    retry: Retry | None = None,
    on_conflict: Callable[[Claim], HttpResponse] | None = None,
    refusal: str | None = None,
) -> None:
    """Say what the editor is doing to `claim`, for the answer if the service refuses it."""
    attempt = Attempt(attempted, claim, retry, on_conflict, refusal)
    request.ronten_attempt = attempt  # type: ignore[attr-defined]  # read back below only


def _attempt(request: HttpRequest) -> Attempt:
    found: Attempt | None = getattr(request, "ronten_attempt", None)
    return found or Attempt(attempted="", claim=None)


def conflict_response(request: HtmxRequest, current: Claim) -> HttpResponse:
    from claims.views import _claim_card, _conflict

    attempt = _attempt(request)
    if attempt.on_conflict:
        return attempt.on_conflict(current)
    if request.htmx:
        return _claim_card(request, current, status=409, conflict=True)
    return _conflict(
        request,
        current,
        attempted=attempt.attempted,
        retry=attempt.retry(current) if attempt.retry else None,
    )


def refused_response(
    request: HtmxRequest, error: InvalidTransition | DuplicateEvidence
) -> HttpResponse:
    from claims.views import _claim_card, _conflict

    attempt = _attempt(request)
    if isinstance(error, ReasonRequired):
        status, reason = 422, _("This claim is published: say why you withdraw it.")
    else:
        status, reason = 409, attempt.refusal or str(error)
    if attempt.claim is None:  # a view that named no claim: the reason alone
        return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")
    if request.htmx:
        return _claim_card(
            request,
            attempt.claim,
            status=status,
            error=reason,
            reason_required=isinstance(error, ReasonRequired),
        )
    return _conflict(
        request, attempt.claim, attempted=attempt.attempted, refused=reason, status=status
    )


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HtmxRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, InvalidSelection | UnknownVersion):
            return HttpResponseBadRequest(str(exception), content_type="text/plain; charset=utf-8")
        if isinstance(exception, ConflictError):
            response = conflict_response(request, exception.current)
        elif isinstance(exception, InvalidTransition | DuplicateEvidence):
            response = refused_response(request, exception)
        else:
            return None
        # The claim's card for htmx, a page otherwise: one URL, two answers.
        patch_vary_headers(response, ("HX-Request",))
        return response
