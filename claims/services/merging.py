"""Merging claims that state the same fact, and undoing a merge."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from claims.models import Claim, ClaimHistory, DistinctClaims, Evidence, ReviewStatus
from claims.services.versioning import (
    ConflictError,
    InvalidTransition,
    record_history,
    save_versioned,
)


def merge_claims(
    *,
    target: Claim,
    sources: list[Claim],
    user: User,
    expected_versions: dict[int, int],
) -> Claim:
    """Fold `sources` into `target`: their evidence moves over, they become MERGED.

    All or nothing: any stale version raises ConflictError and nothing changes. Evidence the
    target already holds for the same span stays with its source (the unique anchor per
    claim), so undoing the merge gives every source back exactly what it had.
    """
    sources = [source for source in sources if source.pk != target.pk]
    if not sources:
        raise ValueError("nothing to merge")
    if target.status == ReviewStatus.MERGED:
        raise InvalidTransition("cannot merge into a claim that is itself merged")
    for claim in [target, *sources]:
        if claim.pk not in expected_versions:
            raise ValueError(f"no expected version for claim {claim.pk}")
    moved: dict[str, list[int]] = {}
    with transaction.atomic():
        # Lock every claim involved, in one fixed order (by pk), before changing any: two
        # editors merging A into B and B into A then queue up instead of deadlocking, and the
        # second finds the versions moved on (a conflict, 409), not a DeadlockDetected (500).
        locked = lock_claims([target.pk, *(source.pk for source in sources)])
        for claim in locked.values():
            if claim.version != expected_versions[claim.pk]:
                raise ConflictError(claim)
        target = locked[target.pk]
        sources = [locked[source.pk] for source in sources]
        if target.status == ReviewStatus.MERGED:
            raise InvalidTransition("cannot merge into a claim that is itself merged")
        held = set(Evidence.objects.filter(claim=target).values_list("article_id", "start", "end"))
        for source in sources:
            if not source.can_transition_to(ReviewStatus.MERGED):
                raise InvalidTransition(f"a {source.status} claim cannot be merged")
            previous = {"status": source.status, "rejection_reason": source.rejection_reason}
            source = save_versioned(
                source,
                expected_version=expected_versions[source.pk],
                status=ReviewStatus.MERGED,
                merged_into=target,
            )
            movable = []
            for evidence in Evidence.objects.filter(claim=source).order_by("pk"):
                span = (evidence.article_id, evidence.start, evidence.end)
                if span not in held:
                    held.add(span)
                    movable.append(evidence.pk)
            Evidence.objects.filter(pk__in=movable).update(claim=target)
            moved[str(source.pk)] = movable
            record_history(
                source,
                ClaimHistory.Action.MERGED,
                user=user,
                note=f"#{target.pk}",
                detail={"into": target.pk, "evidence": movable, "previous": previous},
            )
        target = save_versioned(target, expected_version=expected_versions[target.pk])
        record_history(
            target,
            ClaimHistory.Action.MERGED,
            user=user,
            note=", ".join(f"#{pk}" for pk in moved),
            detail={"sources": [int(pk) for pk in moved], "evidence": moved},
        )
    return target


def lock_claims(claim_ids: list[int]) -> dict[int, Claim]:
    """SELECT … FOR UPDATE the claims in ascending pk order (within the caller's transaction)."""
    rows = Claim.objects.select_for_update().filter(pk__in=set(claim_ids)).order_by("pk")
    return {claim.pk: claim for claim in rows}


def unmerge_claim(*, source: Claim, user: User, expected_version: int | None = None) -> Claim:
    """Undo a merge: the source gets its status and its evidence back from the target."""
    if source.status != ReviewStatus.MERGED or source.merged_into_id is None:
        raise InvalidTransition("only a merged claim can be unmerged")
    entry = source.history.filter(action=ClaimHistory.Action.MERGED).order_by("-id").first()
    detail = entry.detail if entry else {}
    previous = detail.get("previous", {})
    status = previous.get("status", ReviewStatus.CANDIDATE)
    if not source.can_transition_to(status, unmerge=True):
        raise InvalidTransition(f"a merged claim cannot become {status}")
    target_id = source.merged_into_id
    with transaction.atomic():
        lock_claims([source.pk, target_id])  # the same order as merges take them
        source = save_versioned(
            source,
            expected_version=source.version if expected_version is None else expected_version,
            status=status,
            rejection_reason=previous.get("rejection_reason", ""),
            merged_into=None,
        )
        # Only what is still on the target comes back (an editor may have removed some since).
        returned = list(
            Evidence.objects.filter(
                pk__in=detail.get("evidence", []), claim_id=target_id
            ).values_list("pk", flat=True)
        )
        Evidence.objects.filter(pk__in=returned).update(claim=source)
        record_history(
            source,
            ClaimHistory.Action.UNMERGED,
            user=user,
            note=f"#{target_id}",
            detail={"from": target_id, "evidence": returned},
        )
        target = Claim.objects.get(pk=target_id)
        target = save_versioned(target, expected_version=target.version)
        record_history(
            target,
            ClaimHistory.Action.UNMERGED,
            user=user,
            note=f"#{source.pk}",
            detail={"source": source.pk, "evidence": returned},
        )
    return source


def mark_distinct(*, claims: list[Claim], user: User) -> int:
    """Record that these claims, proposed together as duplicates, state different events:
    no pair of them is proposed again. Returns the pairs newly recorded (0 when every pair
    was decided before)."""
    ids = sorted({claim.pk for claim in claims})
    if len(ids) < 2:
        raise InvalidTransition("Two claims or more are needed to tell them apart.")
    pairs = [
        DistinctClaims(first_id=first, second_id=second, decided_by=user)
        for index, first in enumerate(ids)
        for second in ids[index + 1 :]
    ]
    with transaction.atomic():
        before = DistinctClaims.objects.filter(first_id__in=ids, second_id__in=ids).count()
        DistinctClaims.objects.bulk_create(pairs, ignore_conflicts=True)
    return len(pairs) - before
