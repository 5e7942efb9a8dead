"""Conditional requests for the API: validators cheap enough to check before any real work.

Every claim write goes through `save_versioned`, which bumps the claim's `version` and
`updated_at`; evidence added, removed or moved by a merge bumps its claim too. So the newest
`updated_at` (one index probe) validates any list built from claims, and a claim's version
validates the claim.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import TypeVar

from django.db.models import Max
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.request import Request
from rest_framework.response import Response

from claims.models import Claim

ResponseType = TypeVar("ResponseType", Response, HttpResponse)

# Bump when the shape of a response changes, so that clients' cached copies are refetched.
REPRESENTATION = "v1.2"


def claims_changed_at() -> datetime | None:
    """The newest change to any claim: one probe of the (updated_at, id) index."""
    stamp: datetime | None = Claim.objects.aggregate(stamp=Max("updated_at"))["stamp"]
    return stamp


def parse_changed_at(raw: str | None) -> datetime | None:
    """A timestamp the database wrote as text: "2025-02-12 09:30:00.123456+00" (PostgreSQL)
    or a naive UTC time (SQLite)."""
    if raw is None:
        return None
    value = datetime.fromisoformat(raw)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def is_conditional(request: Request) -> bool:
    return "If-None-Match" in request.headers or "If-Modified-Since" in request.headers


def make_etag(*parts: object) -> str:
    digest = hashlib.sha256("|".join(str(part) for part in (REPRESENTATION, *parts)).encode())
    return f'"{digest.hexdigest()[:32]}"'


def claim_etag(claim_id: int, version: int) -> str:
    """A claim's strong validator; `If-Match` on writes takes the same value."""
    return f'"claim-{claim_id}-v{version}"'


def etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return etag in candidates


def is_not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only without it."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag_matches(if_none_match, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is not None and last_modified is not None:
        return int(last_modified.timestamp()) <= since
    return False


def with_validators(
    response: ResponseType, etag: str, last_modified: datetime | None
) -> ResponseType:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    # What a reader may see depends on who asks.
    patch_vary_headers(response, ("Authorization", "Cookie"))
    return response


def not_modified(etag: str, last_modified: datetime | None) -> Response:
    return with_validators(Response(status=304), etag, last_modified)
