"""The knowledge side: claims, the evidence that anchors them, and their vocabulary."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from curation.models import Article, Citation


class Issue(models.Model):
    slug = models.SlugField(unique=True, max_length=60)
    name_ja = models.CharField(_("Japanese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    description = models.TextField(blank=True)
    keywords = models.JSONField(
        default=list, blank=True, help_text=_("Japanese words that signal this issue.")
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_ja


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        STATE = "state", _("State")

    slug = models.SlugField(unique=True, max_length=60)
    name_ja = models.CharField(_("Japanese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    aliases = models.JSONField(default=list, blank=True, help_text=_("Japanese aliases."))

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_ja


class ReviewStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")


class Modality(models.TextChoices):
    ASSERTED = "asserted", _("Asserted")
    REPORTED = "reported", _("Reported")
    PLANNED = "planned", _("Planned")
    SPECULATIVE = "speculative", _("Speculative")
    DENIED = "denied", _("Denied")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH_PART = "month_part", _("Part of a month")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    RANGE = "range", _("Range")
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")
    DURATION = "duration", _("Duration")


class ClaimQuerySet(models.QuerySet["Claim"]):
    def approved(self) -> ClaimQuerySet:
        return self.filter(status=ReviewStatus.APPROVED)

    def candidates(self) -> ClaimQuerySet:
        return self.filter(status=ReviewStatus.CANDIDATE)

    def for_issue(self, slug: str) -> ClaimQuerySet:
        return self.filter(issues__slug=slug)

    def for_actor(self, slug: str) -> ClaimQuerySet:
        return self.filter(actors__slug=slug)

    def in_timeline_order(self) -> ClaimQuerySet:
        """Event date (undated last), then id: the keyset the timeline and the API page on."""
        return self.alias(timeline_key=timeline_key()).order_by("timeline_key", "id")


# A claim sorts at its start, a `before` claim (no start) at its bound, and undated claims
# after every dated one. One expression (not `NULLS LAST` plus an `OR event_start IS NULL` in
# every keyset condition) lets a single row comparison `(timeline_key, id) > (…, …)` start an
# index scan at any page.
UNDATED_KEY = date(9999, 12, 31)


def timeline_key() -> Coalesce:
    return Coalesce(
        F("event_start"), F("event_end"), Value(UNDATED_KEY), output_field=models.DateField()
    )


class Claim(models.Model):
    text = models.TextField(_("claim"))
    gloss_en = models.TextField(_("English gloss"), blank=True)
    summary = models.TextField(blank=True)
    time_expression = models.CharField(max_length=100, blank=True)
    event_start = models.DateField(null=True, blank=True)
    event_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=12, choices=DatePrecision.choices, blank=True, default=""
    )
    actors = models.ManyToManyField(Actor, blank=True, related_name="claims")
    speakers = models.ManyToManyField(Actor, blank=True, related_name="spoken_claims")
    issues = models.ManyToManyField(Issue, blank=True, related_name="claims")
    modality = models.CharField(max_length=12, choices=Modality.choices, default=Modality.ASSERTED)
    confidence = models.FloatField(default=0.0)
    proposed_names = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Person names the extractor found that the actor lexicon does not know yet."),
    )
    issue_keywords = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("For each issue the extractor proposed: the words of the evidence it read."),
    )
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.CANDIDATE
    )
    rejection_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_claims"
    )
    version = models.PositiveIntegerField(default=1)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The timeline and the API page through approved claims by (event date, id); the
            # date-overlap (GiST) and substring (pg_trgm) indexes are PostgreSQL-only and made
            # by migration 0007 outside the model state.
            models.Index(
                timeline_key(),
                F("id"),
                name="claim_approved_timeline_idx",
                condition=Q(status="approved"),
            ),
            # The deadline tracker: approved `duration`/`before` claims by due date.
            models.Index(
                F("event_end").desc(),
                F("id").desc(),
                name="claim_approved_deadline_idx",
                condition=Q(status="approved", date_precision__in=["before", "duration"]),
            ),
            # API sync walks claims changed since a time in (updated_at, id) order, and every
            # conditional read takes the newest updated_at as its validator.
            models.Index(fields=["updated_at", "id"], name="claim_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_start__isnull=True)
                | Q(event_end__isnull=True)
                | Q(event_start__lte=F("event_end")),
                name="claim_event_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="claim_confidence_0_1",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.MERGED) | Q(merged_into__isnull=False),
                name="claim_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def event_date_label(self) -> str:
        if self.event_start and self.event_end and self.event_start != self.event_end:
            return f"{self.event_start.isoformat()} – {self.event_end.isoformat()}"
        if self.event_start:
            return self.event_start.isoformat()
        if self.event_end:
            return f"– {self.event_end.isoformat()}"
        return ""

    def issues_with_keywords(self) -> list[tuple[Issue, list[str]]]:
        """The claim's issues, each with the words the extractor proposed it from (none for an
        issue an editor added): the editor sees why an issue is there."""
        keywords: dict[str, list[str]] = self.issue_keywords or {}
        return [(issue, keywords.get(issue.slug, [])) for issue in self.issues.all()]

    def can_transition_to(self, status: str, *, unmerge: bool = False) -> bool:
        """The one table of review transitions: every service that sets a status asks it.

        `unmerge`: the claim is leaving MERGED because its merge is undone, back to the
        status it had before it (the only way a merged claim becomes approved again)."""
        current = ReviewStatus(self.status)
        if unmerge and current == ReviewStatus.MERGED:
            return status in UNMERGE_TRANSITIONS
        return status in STATUS_TRANSITIONS[current]


# Which status a review decision (approve, reject, reopen, or undoing one of them) may move a
# claim to, from each status; a merge moves it to MERGED.
STATUS_TRANSITIONS: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    ReviewStatus.CANDIDATE: frozenset(
        {ReviewStatus.APPROVED, ReviewStatus.REJECTED, ReviewStatus.MERGED}
    ),
    ReviewStatus.APPROVED: frozenset(
        {ReviewStatus.REJECTED, ReviewStatus.CANDIDATE, ReviewStatus.MERGED}
    ),
    ReviewStatus.REJECTED: frozenset({ReviewStatus.APPROVED, ReviewStatus.CANDIDATE}),
    ReviewStatus.MERGED: frozenset({ReviewStatus.CANDIDATE}),
}
# Where undoing a merge may put a merged claim: back to what it was (only candidates and
# approved claims can be merged).
UNMERGE_TRANSITIONS = frozenset({ReviewStatus.CANDIDATE, ReviewStatus.APPROVED})


class Evidence(models.Model):
    """A claim anchored in an article: a W3C TextQuote (exact/prefix/suffix) plus TextPosition."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        CONTRADICTS = "contradicts", _("Contradicts")
        MENTIONS = "mentions", _("Mentions")

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", _("Extracted")
        EDITOR = "editor", _("Added by an editor")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    citation = models.ForeignKey(
        Citation, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.SUPPORTS)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    anchor_ok = models.BooleanField(
        default=True, help_text=_("False when the quote no longer matches the article text.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="evidence_span_nonempty"),
            # Re-running extraction on an article must never add the same sentence twice.
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=Q(origin="extracted"),
                name="evidence_unique_extracted_span",
            ),
            models.UniqueConstraint(
                fields=["claim", "article", "start", "end"], name="evidence_unique_per_claim"
            ),
        ]

    def __str__(self) -> str:
        return self.exact[:60]


class ClaimHistory(models.Model):
    """Who changed a claim, when, and how it looked afterwards (for audit and revert)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REOPENED = "reopened", _("Reopened")
        MERGED = "merged", _("Merged")
        UNMERGED = "unmerged", _("Unmerged")
        EVIDENCE_ADDED = "evidence_added", _("Evidence added")
        EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed")
        REVERTED = "reverted", _("Reverted")
        ANCHOR_REPAIRED = "anchor_repaired", _("Anchor repaired")
        SPLIT = "split", _("Evidence split out")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(default=dict)
    note = models.TextField(blank=True)
    # What the action moved besides the claim's own fields (evidence ids, merge partners),
    # so merges, evidence changes and reverts can be undone from the history.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["claim", "-version", "-id"]
        indexes = [models.Index(fields=["claim", "-at"], name="claimhistory_recent_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} v{self.version} {self.action}"


class DistinctClaims(models.Model):
    """An editor's decision that two claims, proposed as duplicates, state different events:
    the pair is never proposed for merging again."""

    first = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="distinct_claims_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="distinct_claims_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"
