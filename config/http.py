"""The request types our views receive, for the type checker.

Django's `HttpRequest` knows neither what `HtmxMiddleware` adds (`request.htmx`) nor that
`login_required` leaves only signed-in users (`request.user` is then a `User`, never an
`AnonymousUser`); a view annotates its request with the class that says so.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request, as it reaches a view behind `HtmxMiddleware`."""

    htmx: HtmxDetails


class SignedInRequest(HtmxRequest):
    """A request to a view behind `login_required`."""

    user: User
