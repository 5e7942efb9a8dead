"""Optimistic locking and history: every write to a claim goes through here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone

from claims.models import Claim, ClaimHistory


class ConflictError(Exception):
    """The claim changed since the editor loaded it; `current` is the stored version."""

    def __init__(self, current: Claim) -> None:
        super().__init__(f"claim {current.pk} is at version {current.version}")
        self.current = current


class InvalidTransition(Exception):
    """The claim's state refuses this change (approving a merged claim, say)."""


class InvalidSelection(ValueError):
    """A passage outside the article's text, or a stance that does not exist: bad input."""


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    return {
        "text": claim.text,
        "gloss_en": claim.gloss_en,
        "time_expression": claim.time_expression,
        "event_start": claim.event_start.isoformat() if claim.event_start else None,
        "event_end": claim.event_end.isoformat() if claim.event_end else None,
        "date_precision": claim.date_precision,
        "modality": claim.modality,
        "status": claim.status,
        "rejection_reason": claim.rejection_reason,
        "actors": sorted(claim.actors.values_list("slug", flat=True)),
        "issues": sorted(claim.issues.values_list("slug", flat=True)),
    }


def record_history(
    claim: Claim,
    action: str,
    *,
    user: User | None,
    note: str = "",
    detail: dict[str, Any] | None = None,
) -> ClaimHistory:
    return ClaimHistory.objects.create(
        claim=claim,
        version=claim.version,
        action=action,
        user=user,
        snapshot=claim_snapshot(claim),
        note=note,
        detail=detail or {},
    )


def save_versioned(claim: Claim, *, expected_version: int, **changes: Any) -> Claim:
    """Apply `changes` only if nobody saved the claim since `expected_version` was read.

    With no changes it still bumps the version: evidence and merges change the claim too.
    """
    changed = Claim.objects.filter(pk=claim.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if changed != 1:
        raise ConflictError(Claim.objects.get(pk=claim.pk))
    claim.refresh_from_db()
    return claim
