"""Keyset pages over claims, and the changes a client needs to keep its copy in step.

Pages never count and never skip with OFFSET: a cursor names the last row a client saw by
its position in a stable order (the event date then the id; the update time then the id when
syncing), so page 200 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.models import Claim, ReviewStatus, timeline_key
from timeline.selectors import RowCompare

MAX_PAGE_SIZE = 200


class InvalidCursor(ValueError):
    """A cursor this server did not hand out (or one from another kind of list)."""


@dataclass(frozen=True)
class Cursor:
    kind: str  # "timeline" (timeline key, id), "sync" (updated_at, id) or "id" (None, id)
    key: tuple[Any, ...]
    pass_started: datetime | None = None  # sync only: when the client's pass began

    def encode(self) -> str:
        payload: dict[str, Any] = {"k": self.kind, "p": [_jsonable(v) for v in self.key]}
        if self.pass_started is not None:
            payload["s"] = self.pass_started.isoformat()
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, raw: str, *, kind: str) -> Cursor:
        try:
            padded = raw + "=" * (-len(raw) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            if not isinstance(payload, dict) or payload.get("k") != kind:
                raise InvalidCursor("this cursor belongs to another list")
            first, claim_id = payload["p"]
            if not isinstance(claim_id, int) or isinstance(claim_id, bool):
                raise InvalidCursor("bad cursor position")
            if kind == "timeline":
                return cls(kind, (date.fromisoformat(first), claim_id))
            if kind == "id":
                return cls(kind, (None, claim_id))
            return cls(kind, (_aware(first), claim_id), _aware(payload["s"]))
        except InvalidCursor:
            raise
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error) as error:
            raise InvalidCursor("not a cursor from this server") from error


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _aware(raw: Any) -> datetime:
    if not isinstance(raw, str):
        raise InvalidCursor("bad cursor time")
    value = parse_datetime(raw)
    if value is None or timezone.is_naive(value):
        raise InvalidCursor("bad cursor time")
    return value


def parse_changed_since(raw: str) -> datetime:
    """An ISO 8601 date-time, in UTC; one without a UTC offset is read as UTC."""
    try:
        value = parse_datetime(raw.strip())
    except ValueError:
        value = None
    if value is None:
        raise ValueError("Enter an ISO 8601 date-time, e.g. 2025-03-01T00:00:00Z.")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    try:
        # PostgreSQL refuses offsets beyond 15:59 that ISO 8601 allows (+18:00): sent in UTC.
        return value.astimezone(UTC)
    except OverflowError as error:  # 0001-01-01T00:00+01:00 is before the year 1 in UTC
        raise ValueError("Enter a date-time between the years 1 and 9999.") from error


# Timeline order -------------------------------------------------------------------------


def timeline_page(
    rows: QuerySet[Any], *, after: Cursor | None, size: int
) -> tuple[list[dict[str, Any]], Cursor | None]:
    """`size` rows of `rows` (a `.values()` queryset of claims, filtered) in timeline order
    (`claims.models.timeline_key`, then id) after the cursor, and the cursor of the next page
    (None on the last page). One query: a row comparison on the key of the timeline's index
    starts the scan at the cursor."""
    rows = rows.annotate(timeline_key=timeline_key()).order_by("timeline_key", "id")
    if after is not None:
        rows = rows.filter(RowCompare([F("timeline_key"), F("id")], ">", list(after.key)))
    found = list(rows[: size + 1])
    page = found[:size]
    if len(found) <= size:
        return page, None
    last = page[-1]
    return page, Cursor("timeline", (last["timeline_key"], last["id"]))


# Incremental sync ------------------------------------------------------------------------


def published_or_tombstone() -> Q:
    """Claims a syncing client must hear about: approved ones, and those that were published
    or reviewed and are now not (rejected, reopened, merged into another)."""
    return Q(status=ReviewStatus.APPROVED) | (
        ~Q(status=ReviewStatus.APPROVED)
        & (Q(reviewed_at__isnull=False) | Q(status=ReviewStatus.MERGED))
    )


def sync_overlap() -> timedelta:
    """How far back the next pass starts: a write committed late (its `updated_at` is the
    time its statement ran) is still seen by the next pass."""
    return timedelta(seconds=settings.API_SYNC_OVERLAP_SECONDS)


def changes_page(
    *, since: datetime, after: Cursor | None, size: int, fields: tuple[str, ...]
) -> tuple[list[dict[str, Any]], Cursor | None, datetime]:
    """The claims changed after `since` in (updated_at, id) order, `size` at a time.

    Returns the rows, the next cursor, and when this pass started (the client's next
    `changed_since`, less the overlap, once it reaches the last page).
    """
    pass_started = after.pass_started if after and after.pass_started else timezone.now()
    rows = Claim.objects.filter(published_or_tombstone(), updated_at__gt=since)
    if after is not None:
        rows = rows.filter(RowCompare([F("updated_at"), F("id")], ">", list(after.key)))
    found = list(
        rows.order_by("updated_at", "id").values(*fields, "status", "merged_into_id")[: size + 1]
    )
    page = found[:size]
    cursor = None
    if len(found) > size:
        last = page[-1]
        cursor = Cursor("sync", (last["updated_at"], last["id"]), pass_started)
    return page, cursor, pass_started - sync_overlap()
