"""Domain errors become HTTP once, here, for the editors' pages (the API has DRF's handler).

A stale version (`ConflictError`) is a 409: in place of the claim's card for htmx requests,
else the conflict page, with the stored version beside what the editor tried (the view names
it with `attempting` before calling the service) and a retry when the view gives one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from claims.models import Claim
from claims.services import ConflictError
from config.http import HtmxRequest

Retry = Callable[[Claim], dict[str, Any]]


def attempting(request: HttpRequest, attempted: str, *, retry: Retry | None = None) -> None:
    """Say what the editor is doing, for the conflict page if the claim moved on meanwhile;
    `retry` gives the same action on the stored version."""
    request.attempted = attempted  # type: ignore[attr-defined]
    request.conflict_retry = retry  # type: ignore[attr-defined]


def conflict_response(request: HtmxRequest, current: Claim) -> HttpResponse:
    from claims.views import _claim_card, _conflict

    if request.htmx:
        return _claim_card(request, current, status=409, conflict=True)
    retry: Retry | None = getattr(request, "conflict_retry", None)
    return _conflict(
        request,
        current,
        attempted=getattr(request, "attempted", ""),
        retry=retry(current) if retry else None,
    )


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HtmxRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ConflictError):
            return conflict_response(request, exception.current)
        return None
