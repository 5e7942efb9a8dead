"""The source side: who publishes (Outlet), where we look (Feed), what we fetched (Article)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outlet(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    is_aggregator = models.BooleanField(
        default=False, help_text=_("Summary sites whose sections cite upstream outlets.")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OutletDomain(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    def __str__(self) -> str:
        return self.domain


class Feed(models.Model):
    class Kind(models.TextChoices):
        RSS = "rss", _("RSS / Atom")
        HTML = "html", _("HTML listing page")
        SITEMAP = "sitemap", _("XML sitemap")

    url = models.URLField(_("URL"), max_length=2000, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RSS)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    enabled = models.BooleanField(default=True)
    interval = models.DurationField(default=timedelta(minutes=15))
    link_selector = models.CharField(
        max_length=300, blank=True, help_text=_("CSS selector for article links (HTML listings).")
    )
    url_pattern = models.CharField(
        max_length=300, blank=True, help_text=_("Regular expression article URLs must match.")
    )
    topic_keywords = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Only items whose title or summary contains one of these are fetched."),
    )
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    poll_started_at = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url

    def is_due(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.enabled and (
            self.last_polled_at is None or self.last_polled_at + self.interval <= now
        )


class FeedPoll(models.Model):
    """One run of polling a feed, so editors see what ingestion did and when."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    items_seen = models.PositiveIntegerField(default=0)
    new_urls = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["feed", "-started_at"], name="feedpoll_recent_idx")]

    def __str__(self) -> str:
        return f"{self.feed_id} at {self.started_at:%Y-%m-%d %H:%M}"


class ArticleQuerySet(models.QuerySet["Article"]):
    def fetched(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.FETCHED)

    def failed(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.FAILED)


class Article(models.Model):
    """One fetched page, upserted on its canonical URL."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        FETCHING = "fetching", _("Fetching")
        FETCHED = "fetched", _("Fetched")
        FAILED = "failed", _("Failed")
        DUPLICATE = "duplicate", _("Duplicate")

    canonical_url = models.URLField(max_length=2000, unique=True)
    requested_url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Fetches started (claims taken), finished or not: a page that kills or times out every
    # worker that parses it is given up after FETCH_MAX_STARTS instead of swept forever.
    fetch_starts = models.PositiveIntegerField(default=0, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # When the next fetch of a pending article is due (after a transient failure), and the
    # earliest the sweeper queues work for this article again.
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.CharField(max_length=64, blank=True, editable=False)
    error_reason = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)

    raw_bytes = models.BinaryField(null=True, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True)
    encoding = models.CharField(max_length=40, blank=True)
    # What decoding had to ignore (a declared charset that is no text encoding), for the record.
    decode_note = models.CharField(max_length=300, blank=True, editable=False)
    http_etag = models.CharField(max_length=300, blank=True)
    http_last_modified = models.CharField(max_length=100, blank=True)

    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    lead_image = models.URLField(max_length=2000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    is_aggregator = models.BooleanField(default=False)
    sections = models.JSONField(default=list, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    fetched_at = models.DateTimeField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    # Columns that can be large; queries that do not show or parse a page defer them.
    LARGE_FIELDS = ("raw_bytes", "text", "sections")

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # The review inbox lists fetched articles newest first.
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            # enqueue_url finds a known page under the URL it was asked for or redirected to.
            models.Index(fields=["requested_url"], name="article_requested_url_idx"),
            models.Index(fields=["final_url"], name="article_final_url_idx"),
            # The sweeper looks for fetched articles whose extraction never ran.
            models.Index(
                fields=["fetched_at"],
                condition=Q(extracted_at__isnull=True, status="fetched"),
                name="article_unextracted_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(attempts__gte=0), name="article_attempts_non_negative"
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="article_not_duplicate_of_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.canonical_url

    @staticmethod
    def hash_text(text: str) -> str:
        normalised = "".join(text.split())
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()

    def reference_dates(self) -> list[tuple[int, date]]:
        """(offset, date) pairs for aggregator sections that carry their own date."""
        return [
            (section["start"], date.fromisoformat(section["published"]))
            for section in self.sections
            if section.get("published")
        ]

    def section_citation_at(self, offset: int) -> int | None:
        """The position of the citation of the section containing `offset`, if any."""
        for section in self.sections:
            if section["start"] <= offset < section["end"]:
                citation: int | None = section.get("citation")
                return citation
        return None


class ArticleVersion(models.Model):
    """An earlier text of an article whose page changed at the same URL."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    raw_bytes = models.BinaryField(null=True, editable=False)
    encoding = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64)
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-fetched_at"]

    def __str__(self) -> str:
        return f"{self.article_id} as of {self.fetched_at:%Y-%m-%d %H:%M}"


class Citation(models.Model):
    """An aggregator section pointing at the upstream article it summarises."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveIntegerField()
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    outlet_name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    upstream_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by"
    )

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="citation_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.outlet_name} {self.url}"
