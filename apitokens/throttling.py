"""Request rates: per IP address for anonymous readers, per token (or user) otherwise."""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from apitokens.models import ApiToken

logger = logging.getLogger(__name__)


class PerClientThrottle(SimpleRateThrottle):
    cache = caches["throttle"]

    def get_rate(self) -> str | None:
        return None  # chosen per request in allow_request

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = "anonymous" if not request.user.is_authenticated else "token"
        self.rate = self.THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception:  # a cache outage must not take the API down with it
            logger.exception("API throttle cache unavailable; request let through")
            return True

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token:{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return f"ronten:throttle:{self.scope}:{ident}"
