"""Write actions of the knowledge side: extraction into candidates, and the review workflow.

Only these functions change a claim's review state; views, tasks and the API call them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims import extraction
from claims.models import Actor, Claim, ClaimHistory, Evidence, Issue, ReviewStatus
from curation.models import Article, Citation
from curation.services import mark_extracted

logger = logging.getLogger(__name__)

QUOTE_CONTEXT = 32


class ConflictError(Exception):
    """The claim changed since the editor loaded it; `current` is the stored version."""

    def __init__(self, current: Claim) -> None:
        super().__init__(f"claim {current.pk} is at version {current.version}")
        self.current = current


class InvalidTransition(Exception):
    pass


# Extraction ----------------------------------------------------------------------------


def lexicon_from_database() -> extraction.Lexicon:
    """The curated lexicon as the extraction engine takes it (editors edit it in the admin)."""
    actors = tuple(
        extraction.ActorEntry(slug=actor.slug, aliases=tuple(actor.aliases), kind=actor.kind)
        for actor in Actor.objects.all()
    )
    issues = tuple(
        extraction.IssueEntry(
            slug=issue.slug,
            name_ja=issue.name_ja,
            name_en=issue.name_en,
            keywords=tuple(issue.keywords),
        )
        for issue in Issue.objects.all()
    )
    return extraction.Lexicon(actors=actors, issues=issues)


def article_reference_date(article: Article) -> date | None:
    if article.published_at is None:
        return None
    return timezone.localtime(article.published_at).date()


def quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    """A W3C TextQuote + TextPosition selector for text[start:end]."""
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
        "suffix": text[end : end + QUOTE_CONTEXT],
        "start": start,
        "end": end,
    }


def extract_claims_for_article(*, article_id: int) -> int:
    """Propose candidate claims for a fetched article; returns how many were added.

    Idempotent: a sentence already proposed for this article is not proposed again.
    """
    article = Article.objects.get(pk=article_id)
    if article.status != Article.Status.FETCHED or not article.text:
        return 0
    candidates = extraction.extract_claims(
        article.text,
        published=article_reference_date(article),
        reference_dates=article.reference_dates(),
        lexicon=lexicon_from_database(),
    )
    existing = set(
        Evidence.objects.filter(article=article, origin=Evidence.Origin.EXTRACTED).values_list(
            "start", "end"
        )
    )
    actors, issues = _vocabulary()
    citations = {citation.position: citation for citation in article.citations.all()}
    added = 0
    for candidate in candidates:
        if (candidate.quote_start, candidate.quote_end) in existing:
            continue
        citation_position = article.section_citation_at(candidate.quote_start)
        try:
            with transaction.atomic():
                claim = _create_candidate(candidate, actors, issues)
                Evidence.objects.create(
                    claim=claim,
                    article=article,
                    citation=citations.get(citation_position)
                    if citation_position is not None
                    else None,
                    origin=Evidence.Origin.EXTRACTED,
                    **quote_selector(article.text, candidate.quote_start, candidate.quote_end),
                )
        except IntegrityError:
            # A concurrent run proposed the same sentence first; theirs stands.
            continue
        added += 1
    mark_extracted(article_id=article.pk)
    return added


def _create_candidate(
    candidate: extraction.ClaimCandidate,
    actors: dict[str, Actor],
    issues: dict[str, Issue],
    *,
    user: AbstractBaseUser | None = None,
) -> Claim:
    event_date = candidate.event_date
    claim = Claim.objects.create(
        text=candidate.text,
        time_expression=(candidate.time_expression or "")[:100],
        event_start=event_date.start if event_date else None,
        event_end=event_date.end if event_date else None,
        date_precision=str(event_date.precision) if event_date else "",
        modality=str(candidate.modality),
        confidence=max(0.0, min(1.0, candidate.confidence)),
        proposed_names=list(candidate.unknown_names),
    )
    claim.actors.set([actors[slug] for slug in candidate.actors if slug in actors])
    claim.speakers.set([actors[slug] for slug in candidate.speakers if slug in actors])
    claim.issues.set([issues[slug] for slug in candidate.issues if slug in issues])
    _record(claim, ClaimHistory.Action.CREATED, user=user)
    return claim


def locate_quote(text: str, *, exact: str, prefix: str, suffix: str, hint: int) -> int | None:
    """Where the quote `exact` now starts in `text`: the occurrence whose context matches
    best, nearest to where it used to be; None when it is gone."""
    best: tuple[int, int, int] | None = None
    position = text.find(exact)
    while position != -1:
        context = int(text[max(0, position - len(prefix)) : position] == prefix) + int(
            text[position + len(exact) : position + len(exact) + len(suffix)] == suffix
        )
        score = (-context, abs(position - hint), position)
        if best is None or score < best:
            best = score
        position = text.find(exact, position + 1)
    return best[2] if best else None


def reanchor_evidence(*, article_id: int) -> int:
    """Move evidence anchors onto the article's current text; flag those that no longer match.

    Returns how many anchors were flagged. Flagged evidence is kept for an editor to repair.
    """
    article = Article.objects.get(pk=article_id)
    flagged = 0
    for evidence in Evidence.objects.filter(article=article):
        if article.text[evidence.start : evidence.end] == evidence.exact:
            if not evidence.anchor_ok:
                evidence.anchor_ok = True
                evidence.save(update_fields=["anchor_ok"])
            continue
        start = locate_quote(
            article.text,
            exact=evidence.exact,
            prefix=evidence.prefix,
            suffix=evidence.suffix,
            hint=evidence.start,
        )
        if start is None:
            evidence.anchor_ok = False
            flagged += 1
            evidence.save(update_fields=["anchor_ok"])
            continue
        evidence.start, evidence.end = start, start + len(evidence.exact)
        evidence.anchor_ok = True
        try:
            with transaction.atomic():
                evidence.save(update_fields=["start", "end", "anchor_ok"])
        except IntegrityError:
            # The extractor already re-proposed this span; keep the older row, flagged.
            Evidence.objects.filter(pk=evidence.pk).update(anchor_ok=False)
            flagged += 1
    return flagged


def create_claim_from_selection(
    *,
    article: Article,
    start: int,
    end: int,
    user: AbstractBaseUser | None,
    text: str | None = None,
) -> Claim:
    """A new candidate claim anchored on a passage an editor selected in the article."""
    if not (0 <= start < end <= len(article.text)):
        raise ValueError(f"selection {start}-{end} is outside the article text")
    selection = article.text[start:end]
    candidates = extraction.extract_claims(
        selection,
        published=article_reference_date(article),
        lexicon=lexicon_from_database(),
    )
    proposal = candidates[0] if candidates else None
    with transaction.atomic():
        if proposal is not None:
            claim = _create_candidate(proposal, *_vocabulary(), user=user)
            if text:
                Claim.objects.filter(pk=claim.pk).update(text=text)
                claim.refresh_from_db()
        else:
            claim = Claim.objects.create(text=text or selection.strip())
            _record(claim, ClaimHistory.Action.CREATED, user=user)
        Evidence.objects.create(
            claim=claim,
            article=article,
            citation=section_citation(article, start),
            origin=Evidence.Origin.EDITOR,
            created_by=user,
            **quote_selector(article.text, start, end),
        )
    return claim


def section_citation(article: Article, offset: int) -> Citation | None:
    """The upstream citation of the aggregator section holding `offset` (None elsewhere)."""
    position = article.section_citation_at(offset)
    if position is None:
        return None
    return article.citations.filter(position=position).first()


def _vocabulary() -> tuple[dict[str, Actor], dict[str, Issue]]:
    return (
        {actor.slug: actor for actor in Actor.objects.all()},
        {issue.slug: issue for issue in Issue.objects.all()},
    )


# Review --------------------------------------------------------------------------------


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


def _record(
    claim: Claim,
    action: str,
    *,
    user: AbstractBaseUser | None,
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


def _save_versioned(claim: Claim, *, expected_version: int, **changes: Any) -> Claim:
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


def _transition(
    claim: Claim,
    *,
    user: AbstractBaseUser,
    expected_version: int,
    status: ReviewStatus,
    action: str,
    reason: str = "",
) -> Claim:
    if not claim.can_transition_to(status):
        raise InvalidTransition(f"a {claim.status} claim cannot become {status}")
    with transaction.atomic():
        claim = _save_versioned(
            claim,
            expected_version=expected_version,
            status=status,
            rejection_reason=reason,
            reviewed_by=user,
            reviewed_at=timezone.now(),
        )
        _record(claim, action, user=user, note=reason)
    return claim


def approve_claim(*, claim: Claim, user: AbstractBaseUser, expected_version: int) -> Claim:
    return _transition(
        claim,
        user=user,
        expected_version=expected_version,
        status=ReviewStatus.APPROVED,
        action=ClaimHistory.Action.APPROVED,
    )


def reject_claim(
    *, claim: Claim, user: AbstractBaseUser, expected_version: int, reason: str = ""
) -> Claim:
    return _transition(
        claim,
        user=user,
        expected_version=expected_version,
        status=ReviewStatus.REJECTED,
        action=ClaimHistory.Action.REJECTED,
        reason=reason,
    )


def reopen_claim(*, claim: Claim, user: AbstractBaseUser, expected_version: int) -> Claim:
    return _transition(
        claim,
        user=user,
        expected_version=expected_version,
        status=ReviewStatus.CANDIDATE,
        action=ClaimHistory.Action.REOPENED,
    )


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


def edit_claim(
    *, claim: Claim, user: AbstractBaseUser, expected_version: int, changes: ClaimChanges
) -> Claim:
    """Save an editor's edit, refusing it if someone else saved first (optimistic lock)."""
    with transaction.atomic():
        claim = _save_versioned(
            claim,
            expected_version=expected_version,
            text=changes.text,
            gloss_en=changes.gloss_en,
            time_expression=changes.time_expression,
            event_start=changes.event_start,
            event_end=changes.event_end,
            date_precision=changes.date_precision,
            modality=changes.modality,
        )
        claim.actors.set(Actor.objects.filter(slug__in=changes.actor_slugs))
        claim.issues.set(Issue.objects.filter(slug__in=changes.issue_slugs))
        _record(claim, ClaimHistory.Action.EDITED, user=user)
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
    user: AbstractBaseUser,
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


# Evidence ------------------------------------------------------------------------------


class DuplicateEvidence(Exception):
    """The claim already cites exactly this passage of this article."""


def _evidence_detail(evidence: Evidence) -> dict[str, Any]:
    return {
        "evidence": evidence.pk,
        "article": evidence.article_id,
        "start": evidence.start,
        "end": evidence.end,
        "exact": evidence.exact,
        "stance": evidence.stance,
        "origin": evidence.origin,
    }


def attach_evidence(
    *,
    claim: Claim,
    article: Article,
    start: int,
    end: int,
    stance: str,
    user: AbstractBaseUser,
    expected_version: int,
) -> Evidence:
    """Anchor a passage the editor selected as evidence for an existing claim.

    For an aggregator article the evidence points at the upstream citation of its section.
    """
    if not (0 <= start < end <= len(article.text)):
        raise ValueError(f"selection {start}-{end} is outside the article text")
    if stance not in Evidence.Stance.values:
        raise ValueError(f"unknown stance {stance!r}")
    if claim.status == ReviewStatus.MERGED:
        raise InvalidTransition("a merged claim takes no evidence; attach it to its target")
    with transaction.atomic():
        claim = _save_versioned(claim, expected_version=expected_version)
        if Evidence.objects.filter(claim=claim, article=article, start=start, end=end).exists():
            raise DuplicateEvidence(f"claim {claim.pk} already cites {start}-{end}")
        evidence = Evidence.objects.create(
            claim=claim,
            article=article,
            citation=section_citation(article, start),
            stance=stance,
            origin=Evidence.Origin.EDITOR,
            created_by=user,
            **quote_selector(article.text, start, end),
        )
        _record(
            claim, ClaimHistory.Action.EVIDENCE_ADDED, user=user, detail=_evidence_detail(evidence)
        )
    return evidence


def remove_evidence(*, evidence: Evidence, user: AbstractBaseUser, expected_version: int) -> Claim:
    """Detach one piece of evidence; the history keeps the whole anchor."""
    claim = evidence.claim
    with transaction.atomic():
        claim = _save_versioned(claim, expected_version=expected_version)
        detail = _evidence_detail(evidence)
        evidence.delete()
        _record(claim, ClaimHistory.Action.EVIDENCE_REMOVED, user=user, detail=detail)
    return claim


# Revert --------------------------------------------------------------------------------


class UnknownVersion(Exception):
    pass


def _snapshot_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def revert_claim(
    *, claim: Claim, to_version: int, user: AbstractBaseUser, expected_version: int
) -> Claim:
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
        changes.update(
            status=status,
            rejection_reason=snapshot.get("rejection_reason", ""),
            reviewed_by=user,
            reviewed_at=timezone.now(),
        )
    with transaction.atomic():
        claim = _save_versioned(claim, expected_version=expected_version, **changes)
        claim.actors.set(Actor.objects.filter(slug__in=snapshot.get("actors", [])))
        claim.issues.set(Issue.objects.filter(slug__in=snapshot.get("issues", [])))
        _record(
            claim,
            ClaimHistory.Action.REVERTED,
            user=user,
            note=f"v{to_version}",
            detail={"to_version": to_version},
        )
    return claim


# Merge ---------------------------------------------------------------------------------


def merge_claims(
    *,
    target: Claim,
    sources: list[Claim],
    user: AbstractBaseUser,
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
        held = set(Evidence.objects.filter(claim=target).values_list("article_id", "start", "end"))
        for source in sources:
            if not source.can_transition_to(ReviewStatus.MERGED):
                raise InvalidTransition(f"a {source.status} claim cannot be merged")
            previous = {"status": source.status, "rejection_reason": source.rejection_reason}
            source = _save_versioned(
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
            _record(
                source,
                ClaimHistory.Action.MERGED,
                user=user,
                note=f"#{target.pk}",
                detail={"into": target.pk, "evidence": movable, "previous": previous},
            )
        target = _save_versioned(target, expected_version=expected_versions[target.pk])
        _record(
            target,
            ClaimHistory.Action.MERGED,
            user=user,
            note=", ".join(f"#{pk}" for pk in moved),
            detail={"sources": [int(pk) for pk in moved], "evidence": moved},
        )
    return target


def unmerge_claim(
    *, source: Claim, user: AbstractBaseUser, expected_version: int | None = None
) -> Claim:
    """Undo a merge: the source gets its status and its evidence back from the target."""
    if source.status != ReviewStatus.MERGED or source.merged_into_id is None:
        raise InvalidTransition("only a merged claim can be unmerged")
    entry = source.history.filter(action=ClaimHistory.Action.MERGED).order_by("-id").first()
    detail = entry.detail if entry else {}
    previous = detail.get("previous", {})
    target_id = source.merged_into_id
    with transaction.atomic():
        source = _save_versioned(
            source,
            expected_version=source.version if expected_version is None else expected_version,
            status=previous.get("status", ReviewStatus.CANDIDATE),
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
        _record(
            source,
            ClaimHistory.Action.UNMERGED,
            user=user,
            note=f"#{target_id}",
            detail={"from": target_id, "evidence": returned},
        )
        target = Claim.objects.get(pk=target_id)
        target = _save_versioned(target, expected_version=target.version)
        _record(
            target,
            ClaimHistory.Action.UNMERGED,
            user=user,
            note=f"#{source.pk}",
            detail={"source": source.pk, "evidence": returned},
        )
    return source
