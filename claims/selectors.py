"""Reads for the editors' workspace (they combine permissions, prefetching and filters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from claims import duplicates as duplicate_finder
from claims import extraction
from claims.attribution import attribute_evidence
from claims.models import (
    Actor,
    Claim,
    ClaimHistory,
    DistinctClaims,
    Evidence,
    Issue,
    Modality,
    ReviewStatus,
)
from claims.services.candidates import article_reference_date, lexicon_from_database
from config.roles import Visitor, can_curate, can_read_candidates, can_read_published
from curation.models import Article


def inbox_articles(user: Visitor) -> QuerySet[Article]:
    """Fetched articles that still have candidate claims (unannotated, for filtering)."""
    if not can_read_candidates(user):
        raise PermissionDenied
    waiting = Evidence.objects.filter(article=OuterRef("pk"), claim__status=ReviewStatus.CANDIDATE)
    return Article.objects.fetched().filter(Exists(waiting))


@dataclass(frozen=True)
class InboxPage:
    """One page of the inbox, found before anything is counted: the ids of the page (one
    more to know whether a next page exists), then narrow rows and the per-status counts of
    those rows only. No total: counting every waiting article is what made 1M claims slow."""

    object_list: list[Article]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


# The inbox row shows only these: the article's bytes and text stay in the database.
INBOX_COLUMNS = ("id", "title", "canonical_url", "published_at", "outlet__name")


def inbox_page(articles: QuerySet[Article], *, number: int, size: int) -> InboxPage:
    """The `number`th page of `articles`, newest first, each with its claims per status."""
    number = max(1, number)
    offset = (number - 1) * size
    ids = list(
        articles.order_by("-published_at", "-id").values_list("pk", flat=True)[
            offset : offset + size + 1
        ]
    )
    has_next = len(ids) > size
    ids = ids[:size]
    if not ids:
        return InboxPage(object_list=[], number=number, has_next=False)
    # The page's rows with their claims counted per status: a GROUP BY over these rows only.
    counted = {
        f"{status}_count": Count(
            "evidence__claim", filter=Q(evidence__claim__status=status), distinct=True
        )
        for status in (ReviewStatus.CANDIDATE, ReviewStatus.APPROVED, ReviewStatus.REJECTED)
    }
    rows = {
        article.pk: article
        for article in Article.objects.filter(pk__in=ids)
        .select_related("outlet")
        .only(*INBOX_COLUMNS)
        .annotate(**counted)
    }
    page = [rows[pk] for pk in ids if pk in rows]
    return InboxPage(object_list=page, number=number, has_next=has_next)


def status_summary() -> InboxSummary:
    """Claims per review status over the whole workspace, in one GROUP BY (an index-only
    scan of the status index); the number of waiting articles is not counted."""
    counts = dict(Claim.objects.values_list("status").annotate(count=Count("pk")).order_by())
    return InboxSummary(
        articles=None,
        **{status.value: counts.get(status.value, 0) for status in ReviewStatus},
    )


@dataclass(frozen=True)
class InboxSummary:
    articles: int | None
    candidate: int
    approved: int
    rejected: int
    merged: int


def inbox_summary(articles: QuerySet[Article]) -> InboxSummary:
    """How many articles the inbox lists and how their claims stand, in one query."""
    by_status = {
        status.value: Count("pk", filter=Q(status=status), distinct=True) for status in ReviewStatus
    }
    totals = Claim.objects.filter(evidence__article__in=articles.values("pk")).aggregate(
        articles=Count("evidence__article", distinct=True), **by_status
    )
    return InboxSummary(**{key: value or 0 for key, value in totals.items()})


def claims_with_detail() -> QuerySet[Claim]:
    return Claim.objects.prefetch_related(
        Prefetch("issues", queryset=Issue.objects.order_by("slug")),
        Prefetch("actors", queryset=Actor.objects.order_by("slug")),
        Prefetch("speakers", queryset=Actor.objects.order_by("slug")),
    )


@dataclass(frozen=True)
class ArticleForReview:
    article: Article
    claims: list[Claim]
    evidence: list[Evidence]


def get_article_for_review(user: Visitor, article_id: int) -> ArticleForReview:
    if not can_read_candidates(user):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
    evidence = list(
        Evidence.objects.filter(article=article).select_related("citation").order_by("start")
    )
    claims = list(
        claims_with_detail()
        .filter(evidence__article=article)
        .exclude(status=ReviewStatus.MERGED)
        .distinct()
        .order_by("pk")
    )
    positions: dict[int, int] = {}
    for item in evidence:  # a claim stands where its first piece of evidence does
        positions.setdefault(item.claim_id, item.start)
    claims.sort(key=lambda claim: positions.get(claim.pk, 0))
    return ArticleForReview(article=article, claims=claims, evidence=evidence)


def require_curator(user: Visitor) -> User:
    """Editors and admins write; everyone else (analysts included) is refused (403). The
    editor is returned as the user the services record."""
    if isinstance(user, AnonymousUser) or not can_curate(user):
        raise PermissionDenied
    return user


def get_claim_for_edit(user: Visitor, claim_id: int) -> Claim:
    """The claim, if this user may change it (editors and admins)."""
    require_curator(user)
    return get_object_or_404(claims_with_detail(), pk=claim_id)


def date_anchor(claim: Claim) -> date | None:
    """The day the claim's time expression is read against: its first source's date."""
    first_source = (
        Article.objects.filter(evidence__claim=claim)
        .order_by("evidence__pk")
        .only("published_at", "fetched_at")
        .first()
    )
    return article_reference_date(first_source) if first_source else None


def get_claim_for_review(user: Visitor, claim_id: int) -> Claim:
    """The claim in any status, if this user may read the review queue."""
    if not can_read_candidates(user):
        raise PermissionDenied
    return get_object_or_404(Claim, pk=claim_id)


def get_article_for_edit(user: Visitor, article_id: int) -> Article:
    """The article, if this user may anchor claims on it (editors and admins)."""
    require_curator(user)
    return get_object_or_404(Article, pk=article_id)


def get_evidence_for_edit(user: Visitor, evidence_id: int) -> Evidence:
    """The evidence with its claim and article, if this user may change it."""
    require_curator(user)
    return get_object_or_404(Evidence.objects.select_related("claim", "article"), pk=evidence_id)


# The picker ----------------------------------------------------------------------------

PICKER_LIMIT = 20


def search_claims(
    user: Visitor, *, text: str = "", on: date | None = None, limit: int = PICKER_LIMIT
) -> list[Claim]:
    """Claims an editor may attach evidence to, matching every word of `text` in the claim,
    its gloss, one of its quotes (a claim holds every sentence of its event), an actor's or an
    issue's name, and (if given) happening on the date `on`."""
    if not can_curate(user):
        raise PermissionDenied
    claims = Claim.objects.exclude(status=ReviewStatus.MERGED).prefetch_related(
        Prefetch("issues", queryset=Issue.objects.order_by("slug")),
        Prefetch("actors", queryset=Actor.objects.order_by("slug")),
    )
    words = text.split()[:8]
    # Aliases are a JSON list: matched here rather than in SQL, where SQLite stores them with
    # escaped non-ASCII characters. The actor table is small.
    aliases = list(Actor.objects.values_list("pk", "aliases")) if words else []
    for word in words:
        called = [pk for pk, names in aliases if _is_alias_of(word, names)]
        names = Q(slug__iexact=word) | Q(name_ja__icontains=word) | Q(name_en__icontains=word)
        # The alias matches are actor ids: they never apply to the issue table.
        actor_names = names | Q(pk__in=called)
        claims = claims.filter(
            Q(text__icontains=word)
            | Q(gloss_en__icontains=word)
            # An IN list, not a correlated EXISTS: PostgreSQL hashes the quotes' claims once
            # (8 s → 1.7 s for two words at 1.2M claims, 2.4M quotes).
            | Q(pk__in=Evidence.objects.filter(exact__icontains=word).values("claim_id"))
            | Exists(Actor.objects.filter(actor_names, claims=OuterRef("pk")))
            | Exists(Issue.objects.filter(names, claims=OuterRef("pk")))
        )
    if on is not None:
        claims = claims.filter(Q(event_start=on) | Q(event_start__lte=on, event_end__gte=on))
    return list(claims.order_by("-updated_at", "-pk")[:limit])


LEXICON_PICKER_LIMIT = 15


def search_lexicon(user: Visitor, *, kind: str, text: str) -> list[Actor] | list[Issue]:
    """Actors (by name, slug or Japanese alias) or issues (by name, slug or keyword) for the
    claim editor's pickers. The lexicon is small: aliases and keywords are matched here."""
    if not can_curate(user):
        raise PermissionDenied
    word = text.strip()
    if not word:
        return []
    names = Q(slug__icontains=word) | Q(name_ja__icontains=word) | Q(name_en__icontains=word)
    if kind == "actor":
        called = [
            pk
            for pk, aliases in Actor.objects.values_list("pk", "aliases")
            if _is_alias_of(word, aliases)
        ]
        return list(
            Actor.objects.filter(names | Q(pk__in=called)).order_by("slug")[:LEXICON_PICKER_LIMIT]
        )
    tagged = [
        pk
        for pk, keywords in Issue.objects.values_list("pk", "keywords")
        if any(
            word in keyword or keyword in word for keyword in keywords or [] if len(keyword) >= 2
        )
    ]
    return list(
        Issue.objects.filter(names | Q(pk__in=tagged)).order_by("slug")[:LEXICON_PICKER_LIMIT]
    )


def _is_alias_of(word: str, aliases: list[str]) -> bool:
    """「ウメロフ国防相」 finds the actor called ウメロフ, and 「ウメロ」 does too."""
    word = word.casefold()
    return any(
        len(alias) >= 2 and (word in alias.casefold() or alias.casefold() in word)
        for alias in aliases
    )


# The claim page ------------------------------------------------------------------------

DUPLICATE_POOL = 200
SNAPSHOT_FIELDS = (
    "text",
    "gloss_en",
    "time_expression",
    "event_start",
    "event_end",
    "date_precision",
    "modality",
    "status",
    "rejection_reason",
    "actors",
    "issues",
)


@dataclass(frozen=True)
class OutletGroup:
    outlet: str
    evidence: list[Evidence]


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryRow:
    entry: ClaimHistory
    changes: list[FieldChange]
    revertible: bool


@dataclass(frozen=True)
class ClaimPage:
    claim: Claim
    evidence_groups: list[OutletGroup]
    history: list[HistoryRow]
    merged_claims: list[Claim]
    related: list[Claim]
    duplicates: list[Claim]

    @property
    def evidence_count(self) -> int:
        return sum(len(group.evidence) for group in self.evidence_groups)

    @property
    def outlet_count(self) -> int:
        """Independent outlets: an aggregator's sections count as the outlets they cite."""
        return len(self.evidence_groups)


def group_by_outlet(evidence: list[Evidence]) -> list[OutletGroup]:
    """The evidence by the outlet that really published it (`attribute_evidence`), each piece
    carrying its attribution as `.attribution` for the page."""
    groups: dict[str, OutletGroup] = {}
    for item in evidence:
        source = attribute_evidence(item)
        item.attribution = source  # type: ignore[attr-defined]
        groups.setdefault(source.key, OutletGroup(source.label, [])).evidence.append(item)
    return sorted(groups.values(), key=lambda group: group.outlet)


def snapshot_changes(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """What a history entry changed relative to the one before it."""
    return [
        FieldChange(name, before.get(name), after.get(name))
        for name in SNAPSHOT_FIELDS
        if before.get(name) != after.get(name)
    ]


def history_rows(claim: Claim, entries: list[ClaimHistory]) -> list[HistoryRow]:
    """Newest first, each with its diff against the previous snapshot."""
    rows = []
    previous: dict[str, Any] = {}
    for entry in sorted(entries, key=lambda item: (item.version, item.pk)):
        rows.append(
            HistoryRow(
                entry=entry,
                changes=snapshot_changes(previous, entry.snapshot) if previous else [],
                revertible=entry.version != claim.version
                and claim.status != ReviewStatus.MERGED
                and entry.snapshot.get("status") != ReviewStatus.MERGED,
            )
        )
        previous = entry.snapshot
    rows.reverse()
    return rows


def as_candidate(claim: Claim) -> extraction.ClaimCandidate:
    """A stored claim in the shape the extraction engine groups (prefetched relations)."""
    event_date = None
    if claim.date_precision:
        try:
            event_date = extraction.EventDate(
                claim.event_start, claim.event_end, extraction.Precision(claim.date_precision)
            )
        except ValueError:
            event_date = None
    return extraction.ClaimCandidate(
        text=claim.text,
        quote_start=0,
        quote_end=len(claim.text),
        time_expression=claim.time_expression or None,
        event_date=event_date,
        actors=tuple(sorted(actor.slug for actor in claim.actors.all())),
        speakers=tuple(sorted(actor.slug for actor in claim.speakers.all())),
        issues=tuple(sorted(issue.slug for issue in claim.issues.all())),
        matched_keywords={},
        modality=extraction.Modality(claim.modality),
    )


def states_same_fact(claim: Claim, other: Claim, *, lexicon: extraction.Lexicon) -> bool:
    """The engine's notion: same date, people and numbers, no denial on one side only,
    shared issue, similar wording."""
    groups = extraction.group_candidates(
        [as_candidate(claim), as_candidate(other)], lexicon=lexicon
    )
    return len(groups) == 1


def _neighbours(claim: Claim) -> list[Claim]:
    """Claims that could be related to or duplicate `claim`: event dates within a day of its
    span, or for an undated claim, undated claims sharing an actor."""
    pool = claims_with_detail().exclude(pk=claim.pk).exclude(status=ReviewStatus.MERGED)
    if claim.event_start is not None:
        window = duplicate_finder.DATE_WINDOW
        pool = pool.filter(
            event_start__lte=(claim.event_end or claim.event_start) + window,
            event_start__gte=claim.event_start - window,
        )
    else:
        actor_ids = [actor.pk for actor in claim.actors.all()]
        pool = pool.filter(
            event_start__isnull=True,
            pk__in=Claim.actors.through.objects.filter(actor_id__in=actor_ids).values("claim_id"),
        )
    return list(pool.order_by("-pk")[:DUPLICATE_POOL])


def get_claim_page(user: Visitor, claim_id: int) -> ClaimPage:
    """Everything the claim page shows, in a fixed number of queries.

    Approved claims are published (RONTEN_PUBLIC_READ): readers without a review role see
    them without their review history and without unpublished neighbours."""
    reviewer = can_read_candidates(user)
    if not (reviewer or can_read_published(user)):
        raise PermissionDenied
    claim = get_object_or_404(claims_with_detail().select_related("merged_into"), pk=claim_id)
    if not reviewer and claim.status != ReviewStatus.APPROVED:
        raise PermissionDenied
    evidence = list(
        Evidence.objects.filter(claim=claim)
        .select_related("article__outlet", "citation__outlet")
        .order_by("article_id", "start")
    )
    entries = list(claim.history.select_related("user")) if reviewer else []
    merged_claims = list(Claim.objects.filter(merged_into=claim).order_by("pk")) if reviewer else []
    neighbours = [
        other for other in _neighbours(claim) if reviewer or other.status == ReviewStatus.APPROVED
    ]
    lexicon = lexicon_from_database() if neighbours else None
    names = (
        sorted({alias for actor in lexicon.actors for alias in actor.aliases}) if lexicon else []
    )
    facts = claim_facts(claim, names=names)
    duplicates = [
        other
        for other in neighbours
        if other.status != ReviewStatus.REJECTED
        and lexicon is not None
        and (
            states_same_fact(claim, other, lexicon=lexicon)
            or duplicate_finder.same_event_score(facts, claim_facts(other, names=names)) is not None
        )
    ]
    issue_ids = {issue.pk for issue in claim.issues.all()}
    related = [
        other
        for other in neighbours
        if claim.event_start is not None
        and other not in duplicates
        and issue_ids & {issue.pk for issue in other.issues.all()}
    ]
    return ClaimPage(
        claim=claim,
        evidence_groups=group_by_outlet(evidence),
        history=history_rows(claim, entries),
        merged_claims=merged_claims,
        related=related,
        duplicates=duplicates,
    )


# Duplicates across articles ------------------------------------------------------------

# The most recently changed dated claims the inbox scans for duplicates (pairs are only
# compared within a date window, so the cost grows with claims per day, not with the pool).
DUPLICATE_SCAN = 2000


def actor_names() -> list[str]:
    """Every Japanese name and alias of every actor (to take out of wording compared)."""
    names: set[str] = set()
    for name_ja, aliases in Actor.objects.values_list("name_ja", "aliases"):
        names.add(name_ja)
        names.update(aliases or [])
    return sorted(names)


def claim_facts(
    claim: Claim, *, names: list[str], articles: frozenset[int] = frozenset()
) -> duplicate_finder.ClaimFacts:
    """A claim (actors and issues prefetched) as the duplicate finder compares it."""
    actors = list(claim.actors.all())
    return duplicate_finder.ClaimFacts(
        pk=claim.pk,
        text=claim.text,
        start=claim.event_start,
        end=claim.event_end,
        people=frozenset(actor.slug for actor in actors if actor.kind == Actor.Kind.PERSON),
        actors=frozenset(actor.slug for actor in actors),
        issues=frozenset(issue.slug for issue in claim.issues.all()),
        denied=claim.modality == Modality.DENIED,
        articles=articles,
        residue=duplicate_finder.residue_of(
            claim.text, names=names, time_expression=claim.time_expression
        ),
    )


@dataclass(frozen=True)
class ProposedMerge:
    """Claims that state the same event: merge them into `target` (the first listed)."""

    claims: list[Claim]
    articles: int
    score: float

    @property
    def target(self) -> Claim:
        return self.claims[0]


def _merge_order(claim: Claim) -> tuple[int, int]:
    # Keep the published claim, then the oldest: readers' links to it stay valid.
    return (0 if claim.status == ReviewStatus.APPROVED else 1, claim.pk)


def proposed_merges(
    user: Visitor,
    *,
    scan: int = DUPLICATE_SCAN,
    dated_from: date | None = None,
    dated_to: date | None = None,
) -> list[ProposedMerge]:
    """Groups of live claims (candidate or approved) from different articles that state the
    same event, in a fixed number of queries: the pool is read as plain rows (claims, their
    actors, issues and articles), and only the claims of the groups found become objects.

    The pool is the `scan` claims changed most recently or, with a date range, the first
    `scan` claims whose event starts in it (in date order), so older stories can be combed
    one stretch at a time."""
    if not can_read_candidates(user):
        raise PermissionDenied
    live = Claim.objects.filter(
        status__in=[ReviewStatus.CANDIDATE, ReviewStatus.APPROVED], event_start__isnull=False
    )
    if dated_from or dated_to:
        if dated_from:
            live = live.filter(event_start__gte=dated_from)
        if dated_to:
            live = live.filter(event_start__lte=dated_to)
        live = live.order_by("event_start", "pk")
    else:
        live = live.order_by("-pk")
    pool = list(
        live.values_list("pk", "text", "event_start", "event_end", "modality", "time_expression")[
            :scan
        ]
    )
    if not pool:
        return []
    ids = [row[0] for row in pool]
    people: dict[int, set[str]] = {}
    actors: dict[int, set[str]] = {}
    for claim_id, slug, kind in Claim.actors.through.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "actor__slug", "actor__kind"
    ):
        actors.setdefault(claim_id, set()).add(slug)
        if kind == Actor.Kind.PERSON:
            people.setdefault(claim_id, set()).add(slug)
    issues: dict[int, set[str]] = {}
    for claim_id, slug in Claim.issues.through.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "issue__slug"
    ):
        issues.setdefault(claim_id, set()).add(slug)
    articles: dict[int, set[int]] = {}
    for claim_id, article_id in Evidence.objects.filter(claim_id__in=ids).values_list(
        "claim_id", "article_id"
    ):
        articles.setdefault(claim_id, set()).add(article_id)
    names = actor_names()
    facts = [
        duplicate_finder.ClaimFacts(
            pk=pk,
            text=text,
            start=start,
            end=end,
            people=frozenset(people.get(pk, ())),
            actors=frozenset(actors.get(pk, ())),
            issues=frozenset(issues.get(pk, ())),
            denied=modality == Modality.DENIED,
            articles=frozenset(articles.get(pk, ())),
            residue=duplicate_finder.residue_of(text, names=names, time_expression=expression),
        )
        for pk, text, start, end, modality, expression in pool
    ]
    distinct = {
        frozenset(pair)
        for pair in DistinctClaims.objects.filter(first_id__in=ids, second_id__in=ids).values_list(
            "first_id", "second_id"
        )
    }
    groups = [
        group
        for group in duplicate_finder.group_duplicates(facts, distinct=distinct)
        # One article repeating itself is the extractor's business, not a merge.
        if len(group.articles) >= 2
    ]
    shown = claims_with_detail().in_bulk([pk for group in groups for pk in group.members])
    return [
        ProposedMerge(
            claims=sorted((shown[pk] for pk in group.members), key=_merge_order),
            articles=len(group.articles),
            score=group.score,
        )
        for group in groups
    ]


def claim_passages(claim: Claim) -> list[Evidence]:
    """The quoted passages of a claim, with their article, for the editor's side panel."""
    return list(
        Evidence.objects.filter(claim=claim)
        .select_related("article")
        .order_by("article_id", "start")
    )
