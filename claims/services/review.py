"""The review workflow: approve, reject, reopen, undo a decision, edit, bulk review, revert."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from claims.models import Actor, Claim, ClaimHistory, Issue, ReviewStatus
from claims.services.versioning import (
    ConflictError,
    InvalidTransition,
    record_history,
    save_versioned,
)


class ReasonRequired(InvalidTransition):
    """Unpublishing an approved claim (rejecting or reopening it) needs a stated reason."""


# Unpublishing changes what readers see: the editor must say why.
UNPUBLISHING = {ReviewStatus.REJECTED, ReviewStatus.CANDIDATE}
DECISIONS = {
    ClaimHistory.Action.APPROVED,
    ClaimHistory.Action.REJECTED,
    ClaimHistory.Action.REOPENED,
}


def _review_state(claim: Claim) -> dict[str, Any]:
    """The review fields a decision replaces, kept in its history row so it can be undone."""
    return {
        "status": claim.status,
        "rejection_reason": claim.rejection_reason,
        "reviewed_by": claim.reviewed_by_id,
        "reviewed_at": claim.reviewed_at.isoformat() if claim.reviewed_at else None,
    }


def _transition(
    claim: Claim,
    *,
    user: User,
    expected_version: int,
    status: ReviewStatus,
    action: str,
    reason: str = "",
) -> Claim:
    if claim.version != expected_version:
        # A stale screen reads as a conflict, before any rule about the state it no longer shows.
        raise ConflictError(claim)
    if not claim.can_transition_to(status):
        raise InvalidTransition(f"a {claim.status} claim cannot become {status}")
    reason = reason.strip()
    if claim.status == ReviewStatus.APPROVED and status in UNPUBLISHING and not reason:
        raise ReasonRequired("say why this published claim is withdrawn")
    previous = _review_state(claim)
    with transaction.atomic():
        claim = save_versioned(
            claim,
            expected_version=expected_version,
            status=status,
            rejection_reason=reason if status == ReviewStatus.REJECTED else "",
            reviewed_by=user,
            reviewed_at=timezone.now(),
        )
        record_history(claim, action, user=user, note=reason, detail={"previous": previous})
    return claim


def approve_claim(*, claim: Claim, user: User, expected_version: int, reason: str = "") -> Claim:
    return _transition(
        claim,
        user=user,
        expected_version=expected_version,
        status=ReviewStatus.APPROVED,
        action=ClaimHistory.Action.APPROVED,
        reason=reason,
    )


def reject_claim(*, claim: Claim, user: User, expected_version: int, reason: str = "") -> Claim:
    """Reject a claim; a published (approved) one only with a reason."""
    return _transition(
        claim,
        user=user,
        expected_version=expected_version,
        status=ReviewStatus.REJECTED,
        action=ClaimHistory.Action.REJECTED,
        reason=reason,
    )


def reopen_claim(*, claim: Claim, user: User, expected_version: int, reason: str = "") -> Claim:
    """Send a claim back to the candidates; a published (approved) one only with a reason."""
    return _transition(
        claim,
        user=user,
        expected_version=expected_version,
        status=ReviewStatus.CANDIDATE,
        action=ClaimHistory.Action.REOPENED,
        reason=reason,
    )


def undo_decision(*, claim: Claim, user: User, expected_version: int) -> Claim:
    """Take back the decision that made the claim's current version, restoring its status,
    reason, reviewer and review time exactly as they were (as a new version, in the history).

    Only the latest change can be undone this way: anything saved after the decision makes
    `expected_version` stale (a conflict) or the latest entry something other than a decision.
    """
    entry = (
        claim.history.filter(version=expected_version, action__in=DECISIONS).order_by("-id").first()
    )
    previous = entry.detail.get("previous") if entry is not None else None
    if entry is None or not previous:
        raise InvalidTransition("the last change to this claim is not a decision to undo")
    if not claim.can_transition_to(previous["status"]):
        raise InvalidTransition(f"a {claim.status} claim cannot become {previous['status']}")
    reviewed_at = previous["reviewed_at"]
    with transaction.atomic():
        claim = save_versioned(
            claim,
            expected_version=expected_version,
            status=previous["status"],
            rejection_reason=previous["rejection_reason"],
            reviewed_by_id=previous["reviewed_by"],
            reviewed_at=datetime.fromisoformat(reviewed_at) if reviewed_at else None,
        )
        record_history(
            claim,
            ClaimHistory.Action.REVERTED,
            user=user,
            note=f"undo v{entry.version} ({entry.action})",
            detail={"to_version": entry.version - 1, "undo": entry.version},
        )
    return claim


@dataclass(frozen=True)
class ClaimChanges:
    text: str
    gloss_en: str = ""
    time_expression: str = ""
    event_start: date | None = None
    event_end: date | None = None
    date_precision: str = ""
    modality: str = "asserted"
    actor_slugs: tuple[str, ...] = field(default_factory=tuple)
    issue_slugs: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, claim: Claim, **changed: Any) -> ClaimChanges:
        """The claim as it stands, with the `changed` fields replaced (a partial edit)."""
        current = cls(
            text=claim.text,
            gloss_en=claim.gloss_en,
            time_expression=claim.time_expression,
            event_start=claim.event_start,
            event_end=claim.event_end,
            date_precision=claim.date_precision,
            modality=claim.modality,
            actor_slugs=tuple(actor.slug for actor in claim.actors.all()),
            issue_slugs=tuple(issue.slug for issue in claim.issues.all()),
        )
        return replace(current, **changed)


def edit_claim(*, claim: Claim, user: User, expected_version: int, changes: ClaimChanges) -> Claim:
    """Save an editor's edit, refusing it if someone else saved first (optimistic lock).

    An edit to a published (approved) claim either stays published, marked in its history
    as edited after approval, or sends the claim back to review when
    `RONTEN_APPROVED_EDITS_TO_REVIEW` is on.
    """
    after_approval = claim.status == ReviewStatus.APPROVED
    back_to_review = after_approval and settings.RONTEN_APPROVED_EDITS_TO_REVIEW
    review: dict[str, Any] = {}
    if back_to_review:
        review = {"status": ReviewStatus.CANDIDATE, "rejection_reason": ""}
    with transaction.atomic():
        claim = save_versioned(
            claim,
            expected_version=expected_version,
            text=changes.text,
            gloss_en=changes.gloss_en,
            time_expression=changes.time_expression,
            event_start=changes.event_start,
            event_end=changes.event_end,
            date_precision=changes.date_precision,
            modality=changes.modality,
            **review,
        )
        claim.actors.set(Actor.objects.filter(slug__in=changes.actor_slugs))
        claim.issues.set(Issue.objects.filter(slug__in=changes.issue_slugs))
        detail = (
            {"after_approval": True, "back_to_review": bool(back_to_review)}
            if after_approval
            else {}
        )
        record_history(claim, ClaimHistory.Action.EDITED, user=user, detail=detail)
    return claim


# Bulk review ---------------------------------------------------------------------------


class BulkAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REOPEN = "reopen"


@dataclass
class BulkResult:
    """What a bulk review did, claim by claim; one claim's conflict never undoes the others."""

    done: list[Claim] = field(default_factory=list)
    conflicts: list[Claim] = field(default_factory=list)  # the stored versions, as they are now
    refused: list[tuple[Claim, str]] = field(default_factory=list)  # transitions not allowed
    missing: list[int] = field(default_factory=list)  # ids that no longer exist

    @property
    def ok(self) -> bool:
        return not (self.conflicts or self.refused or self.missing)


def bulk_review(
    *,
    claim_versions: dict[int, int],
    user: User,
    action: str,
    reason: str = "",
) -> BulkResult:
    """Approve, reject or reopen each claim at the version the editor saw.

    Each claim is its own transaction: a claim someone else changed is reported in
    `conflicts` and left alone, the rest are applied.
    """
    bulk_action = BulkAction(action)
    result = BulkResult()
    claims = Claim.objects.in_bulk(list(claim_versions))
    for claim_id, version in claim_versions.items():
        claim = claims.get(claim_id)
        if claim is None:
            result.missing.append(claim_id)
            continue
        try:
            if claim.version != version:
                # Checked before the transition rule so a stale screen reads as a conflict.
                raise ConflictError(claim)
            if bulk_action is BulkAction.APPROVE:
                claim = approve_claim(claim=claim, user=user, expected_version=version)
            elif bulk_action is BulkAction.REJECT:
                claim = reject_claim(
                    claim=claim, user=user, expected_version=version, reason=reason
                )
            else:
                claim = reopen_claim(claim=claim, user=user, expected_version=version)
        except ConflictError as conflict:
            result.conflicts.append(conflict.current)
        except InvalidTransition as error:
            result.refused.append((claim, str(error)))
        else:
            result.done.append(claim)
    return result


class UnknownVersion(Exception):
    pass


def _snapshot_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def revert_claim(*, claim: Claim, to_version: int, user: User, expected_version: int) -> Claim:
    """Restore the fields, actors and issues the claim had at `to_version` (a new version)."""
    if claim.status == ReviewStatus.MERGED:
        raise InvalidTransition("a merged claim is restored by undoing the merge")
    entry = claim.history.filter(version=to_version).order_by("-id").first()
    if entry is None:
        raise UnknownVersion(f"claim {claim.pk} has no version {to_version}")
    snapshot = entry.snapshot
    changes: dict[str, Any] = {
        "text": snapshot["text"],
        "gloss_en": snapshot.get("gloss_en", ""),
        "time_expression": snapshot.get("time_expression", ""),
        "event_start": _snapshot_date(snapshot.get("event_start")),
        "event_end": _snapshot_date(snapshot.get("event_end")),
        "date_precision": snapshot.get("date_precision", ""),
        "modality": snapshot.get("modality", claim.modality),
    }
    # A merge is undone by unmerging (which moves evidence back), never by a revert.
    status = snapshot.get("status", claim.status)
    if status != ReviewStatus.MERGED and status != claim.status:
        if not claim.can_transition_to(status):
            raise InvalidTransition(f"a {claim.status} claim cannot become {status}")
        changes.update(
            status=status,
            rejection_reason=snapshot.get("rejection_reason", ""),
            reviewed_by=user,
            reviewed_at=timezone.now(),
        )
    with transaction.atomic():
        claim = save_versioned(claim, expected_version=expected_version, **changes)
        claim.actors.set(Actor.objects.filter(slug__in=snapshot.get("actors", [])))
        claim.issues.set(Issue.objects.filter(slug__in=snapshot.get("issues", [])))
        record_history(
            claim,
            ClaimHistory.Action.REVERTED,
            user=user,
            note=f"v{to_version}",
            detail={"to_version": to_version},
        )
    return claim
