"""Reads of the published side: approved claims with everything a timeline row shows."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncWeek
from rest_framework.fields import DateTimeField

from claims.attribution import (
    ATTRIBUTION_FIELDS,
    Attribution,
    attribute_row,
    source_key,
)
from claims.models import UNDATED_KEY, Actor, Claim, Evidence, Issue, timeline_key
from curation.models import Outlet, OutletDomain
from curation.parsing import is_web_url

PAGE_SIZE = 50


def evidence_for_display() -> QuerySet[Evidence]:
    # The article's raw bytes and full text are large and unused when listing sources.
    return (
        Evidence.objects.select_related("article__outlet", "citation__outlet")
        .defer("article__raw_bytes", "article__text", "article__sections")
        .order_by("article_id", "start")
    )


def timeline_claims() -> QuerySet[Claim]:
    """Approved claims in event-date order, prefetched so a page costs a fixed number of queries."""
    return (
        Claim.objects.approved()
        .in_timeline_order()
        .prefetch_related(
            Prefetch("issues", queryset=Issue.objects.order_by("slug")),
            Prefetch("actors", queryset=Actor.objects.order_by("slug")),
            Prefetch("evidence", queryset=evidence_for_display()),
        )
    )


CLAIM_ROW_FIELDS = (
    "id",
    "text",
    "gloss_en",
    "time_expression",
    "event_start",
    "event_end",
    "date_precision",
    "modality",
    "updated_at",
)


EVIDENCE_ROW_FIELDS = ("claim_id", "exact", "start", "end", "stance", *ATTRIBUTION_FIELDS)


def claim_rows(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API shape of these claim rows (`.values(*CLAIM_ROW_FIELDS)`), in one more query.

    The list endpoint is hot. A query's round trip costs more than its work here, so the
    claims' issues, actors and evidence come in one UNION ALL (issue and actor links padded to
    the evidence's columns, not a join that multiplies them); and the ORM's own work for it
    (building, compiling, one parameter per id) cost four times the database's, so it is
    written in SQL, with the table and column names taken from the models.
    """
    claim_ids = [claim["id"] for claim in claims]
    issues: dict[int, list[str]] = defaultdict(list)
    actors: dict[int, list[str]] = defaultdict(list)
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if claim_ids:
        with connection.cursor() as cursor:
            cursor.execute(*_relations_sql(claim_ids))
            for kind, *item in cursor.fetchall():
                if kind == _ISSUE:
                    issues[item[0]].append(item[1])
                elif kind == _ACTOR:
                    actors[item[0]].append(item[1])
                else:
                    fields = item[: len(EVIDENCE_ROW_FIELDS)]
                    evidence[item[0]].append(
                        evidence_row(dict(zip(EVIDENCE_ROW_FIELDS, fields, strict=True)))
                    )
    rows = []
    for claim in claims:
        claim_id = claim["id"]
        rows.append(
            {
                "id": claim_id,
                "text": claim["text"],
                "gloss_en": claim["gloss_en"],
                "time_expression": claim["time_expression"],
                "event_date": {
                    "start": _iso(claim["event_start"]),
                    "end": _iso(claim["event_end"]),
                    "precision": claim["date_precision"],
                },
                "modality": claim["modality"],
                "issues": sorted(issues[claim_id]),
                "actors": sorted(actors[claim_id]),
                "evidence": evidence[claim_id],
                "updated_at": drf_datetime(claim["updated_at"]),
            }
        )
    return rows


def _ids_in(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """`column` is one of `ids`: one array parameter on PostgreSQL, a list elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: Any, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


_ISSUE, _ACTOR, _EVIDENCE = 0, 1, 2


def _relations_sql(ids: list[int]) -> tuple[str, list[Any]]:
    """Rows (kind, *EVIDENCE_ROW_FIELDS) for these claims: issue and actor links carry the
    claim id and the slug (in the `exact` column), evidence everything, by article and
    position."""
    from curation.models import Article, Citation, Outlet

    padding = ", NULL" * (len(EVIDENCE_ROW_FIELDS) + 2 - 2)
    parts, params = [], []
    for kind, relation, target, link in (
        (_ISSUE, Claim.issues, Issue, "issue"),
        (_ACTOR, Claim.actors, Actor, "actor"),
    ):
        through = relation.through
        where, where_params = _ids_in(f"l.{_column(through, 'claim')}", ids)
        parts.append(
            f"SELECT {kind}, l.{_column(through, 'claim')}, t.{_column(target, 'slug')}"
            f"{padding} FROM {_table(through)} l JOIN {_table(target)} t "
            f"ON t.{_column(target, 'id')} = l.{_column(through, link)} WHERE {where}"
        )
        params += where_params
    where, where_params = _ids_in(f"e.{_column(Evidence, 'claim')}", ids)
    parts.append(
        f"SELECT {_EVIDENCE}, e.{_column(Evidence, 'claim')}, e.{_column(Evidence, 'exact')}, "
        f"e.{_column(Evidence, 'start')}, e.{_column(Evidence, 'end')}, "
        f"e.{_column(Evidence, 'stance')}, a.{_column(Article, 'canonical_url')}, "
        f"a.{_column(Article, 'outlet')}, o.{_column(Outlet, 'name')}, "
        f"e.{_column(Evidence, 'citation')}, c.{_column(Citation, 'outlet')}, "
        f"c.{_column(Citation, 'outlet_name')}, c.{_column(Citation, 'url')}, "
        f"e.{_column(Evidence, 'article')}, e.{_column(Evidence, 'start')} "
        f"FROM {_table(Evidence)} e "
        f"JOIN {_table(Article)} a ON a.{_column(Article, 'id')} = e.{_column(Evidence, 'article')} "
        f"LEFT JOIN {_table(Outlet)} o ON o.{_column(Outlet, 'id')} = a.{_column(Article, 'outlet')} "
        f"LEFT JOIN {_table(Citation)} c "
        f"ON c.{_column(Citation, 'id')} = e.{_column(Evidence, 'citation')} WHERE {where}"
    )
    # Evidence first: PostgreSQL types the padding NULLs from the branch before them.
    parts.insert(0, parts.pop())
    params = where_params + params
    # Ordered by kind, then the evidence's article and start (the last two columns; NULL for
    # links).
    article = len(EVIDENCE_ROW_FIELDS) + 2
    return " UNION ALL ".join(parts) + f" ORDER BY 1, {article}, {article + 1}", params


def evidence_row(item: dict[str, Any]) -> dict[str, Any]:
    """The API shape of a `.values(*EVIDENCE_ROW_FIELDS)` row of Evidence."""
    return evidence_item(
        attribute_row(item),
        quote=item["exact"],
        start=item["start"],
        end=item["end"],
        stance=item["stance"],
    )


def evidence_item(
    source: Attribution, *, quote: str, start: int, end: int, stance: str
) -> dict[str, Any]:
    """The API shape of a piece of evidence: who published the quote, where, and the quote."""
    return {
        "outlet": source.outlet,
        "url": source.url,
        "via": source.via,
        "quote": quote,
        "start": start,
        "end": end,
        "stance": stance,
    }


_API_DATETIME = DateTimeField()


def drf_datetime(value: Any) -> str | None:
    """A datetime rendered exactly as the API's serializers render it."""
    return _API_DATETIME.to_representation(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# Filters written so that an index serves them -------------------------------------------


class SpanOverlaps(Func):
    """The claim's date span overlaps [start, end] (either bound may be open).

    A claim's span is [event_start, event_end]: `before` claims have no start (open to the
    left), `after` claims no end (open to the right), undated claims never match. On
    PostgreSQL it is the `&&` of two dateranges, written exactly as the GiST index
    `claim_approved_span_gist` of migration 0007 so that the index serves it.
    """

    output_field = BooleanField()

    def __init__(self, start: date | None, end: date | None) -> None:
        super().__init__(F("event_start"), F("event_end"), F("date_precision"))
        self.start, self.end = start, end

    def _columns(self, compiler: Any) -> tuple[str, str, str]:
        start, end, precision = (compiler.compile(e)[0] for e in self.get_source_expressions())
        return start, end, precision

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        start, end, precision = self._columns(compiler)
        span = (
            f"daterange({start}, CASE WHEN {precision} = 'after' THEN NULL "
            f"ELSE COALESCE({end}, {start}) END, '[]')"
        )
        dated = f"({start} IS NOT NULL OR {end} IS NOT NULL)"
        return (
            f"({dated} AND {span} && daterange(%s::date, %s::date, '[]'))",
            [self.start, self.end],
        )

    # Django takes the params as a list too; the stubs' signature names Func's own options.
    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        start, end, precision = self._columns(compiler)
        last = f"(CASE WHEN {precision} = 'after' THEN NULL ELSE COALESCE({end}, {start}) END)"
        parts = [f"({start} IS NOT NULL OR {end} IS NOT NULL)"]
        params: list[Any] = []
        if self.end is not None:
            parts.append(f"({start} IS NULL OR {start} <= %s)")
            params.append(self.end)
        if self.start is not None:
            parts.append(f"({last} IS NULL OR {last} >= %s)")
            params.append(self.start)
        return "(" + " AND ".join(parts) + ")", params


class RowCompare(Func):
    """`(a, b) > (x, y)` (or `<`): one row comparison, so an index scan starts at the cursor."""

    output_field = BooleanField()

    def __init__(self, left: Sequence[Expression | F], operator: str, right: list[Any]) -> None:
        assert operator in {">", "<"}
        super().__init__(*left, *[Value(value) for value in right])
        self.operator, self.width = operator, len(left)

    # Django takes the params as a list too; the stubs' signature names Func's own options.
    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        left, right = compiled[: self.width], compiled[self.width :]
        params = [p for _, ps in compiled for p in ps]
        sql = (
            "("
            + ", ".join(sql for sql, _ in left)
            + f") {self.operator} ("
            + ", ".join(sql for sql, _ in right)
            + ")"
        )
        return sql, params


def independent_sources() -> Coalesce:
    """The number of independent outlets whose articles support the claim (a subquery)."""
    counted = (
        Evidence.objects.filter(claim_id=OuterRef("pk"))
        .order_by()
        .values("claim_id")
        .annotate(n=Count(source_key(), distinct=True))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Keyset pages ---------------------------------------------------------------------------


class BadCursor(ValueError):
    pass


def encode_cursor(claim: Claim | PageClaim) -> str:
    key = claim.event_start or claim.event_end or UNDATED_KEY
    return f"{key.isoformat()}_{claim.pk}"


def decode_cursor(value: str) -> tuple[date, int]:
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})_(\d{1,18})", value)
    if match is None:
        raise BadCursor(value)
    try:
        return date.fromisoformat(match.group(1)), int(match.group(2))
    except ValueError as error:
        raise BadCursor(value) from error


@dataclass
class PageClaim:
    """A claim of a timeline page: the plain fields the page shows (no model instance)."""

    pk: int
    text: str
    gloss_en: str
    time_expression: str
    event_start: date | None
    event_end: date | None
    date_precision: str
    modality: str


# A page row: the API row without its change stamp (PageClaim's fields, in order).
PAGE_FIELDS = tuple(name for name in CLAIM_ROW_FIELDS if name != "updated_at")


def _page_claims(claims: QuerySet[Claim]) -> list[PageClaim]:
    return [PageClaim(row[0], *row[1:]) for row in claims.values_list(*PAGE_FIELDS)]


@dataclass
class TimelinePage:
    claims: list[PageClaim]
    next_cursor: str | None = None
    previous_cursor: str | None = None
    is_first: bool = True


def keyset_page(
    claims: QuerySet[Claim],
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
) -> TimelinePage:
    """One page of `claims` (already filtered) in timeline order, starting after a cursor.

    One query of `size + 1` plain rows, whatever the depth: no COUNT, no OFFSET. `before`
    pages backwards (for "previous"). Raises BadCursor on a malformed cursor.
    """
    claims = claims.prefetch_related(None).alias(timeline_key=timeline_key())
    key = [F("timeline_key"), F("id")]
    if before:
        rows = _page_claims(
            claims.filter(RowCompare(key, "<", list(decode_cursor(before)))).order_by(
                "-timeline_key", "-id"
            )[: size + 1]
        )
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return TimelinePage(
            rows,
            next_cursor=encode_cursor(rows[-1]) if rows else None,
            previous_cursor=encode_cursor(rows[0]) if rows and more_before else None,
            is_first=not more_before,
        )
    ordered = claims.order_by("timeline_key", "id")
    if after:
        ordered = ordered.filter(RowCompare(key, ">", list(decode_cursor(after))))
    rows = _page_claims(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return TimelinePage(
        rows,
        next_cursor=encode_cursor(rows[-1]) if more else None,
        previous_cursor=encode_cursor(rows[0]) if after and rows else None,
        is_first=not after,
    )


# Counts and shapes, computed in the database --------------------------------------------

COUNTS_TTL = 300


@dataclass(frozen=True)
class Vocabulary:
    """What the filter bar offers: issues with their counts of approved claims, actors (with
    their Japanese aliases), outlets (with a domain). Cached for COUNTS_TTL seconds: an exact
    count per issue over every approved claim is too slow for each request at a million."""

    issues: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    outlets: list[dict[str, Any]]

    @property
    def issue_by_id(self) -> dict[int, dict[str, Any]]:
        return {issue["id"]: issue for issue in self.issues}

    @property
    def actor_by_id(self) -> dict[int, dict[str, Any]]:
        return {actor["id"]: actor for actor in self.actors}


def vocabulary(*, refresh: bool = False) -> Vocabulary:
    if refresh:
        cache.delete("timeline:vocabulary")

    def compute() -> Vocabulary:
        through = Claim.issues.through.objects
        counts = dict(
            through.filter(claim__status="approved")  # type: ignore[misc]  # stubs: "n" is an annotation
            .values("issue_id")
            .annotate(n=Count("claim_id"))
            .values_list("issue_id", "n")
        )
        issues = [
            {**issue, "count": counts.get(issue["id"], 0)}
            for issue in Issue.objects.order_by("slug").values("id", "slug", "name_ja", "name_en")
        ]
        actors = [
            {
                "id": actor["id"],
                "slug": actor["slug"],
                "name_ja": actor["name_ja"],
                "label": actor["name_ja"]
                + (f"（{'・'.join(actor['aliases'])}）" if actor["aliases"] else ""),
                "name_en": actor["name_en"],
            }
            for actor in Actor.objects.order_by("name_ja").values(
                "id", "slug", "name_ja", "name_en", "aliases"
            )
        ]
        domains: dict[int, str] = {}
        for outlet_id, domain in OutletDomain.objects.order_by("domain").values_list(
            "outlet_id", "domain"
        ):
            domains.setdefault(outlet_id, domain)
        outlets = [
            {"id": str(pk), "label": name + (f" · {domains[pk]}" if pk in domains else "")}
            for pk, name in Outlet.objects.order_by("name").values_list("pk", "name")
        ]
        return Vocabulary(issues, actors, outlets)

    return cache.get_or_set("timeline:vocabulary", compute, COUNTS_TTL)  # type: ignore[return-value]  # the cache holds what compute() gave


def issue_counts(claims: QuerySet[Claim]) -> dict[int, int]:
    """Claims of `claims` (filtered) per issue id: one grouped query of the issue links."""
    return dict(
        Claim.issues.through.objects.filter(claim_id__in=claims.order_by().values("pk"))  # type: ignore[misc]  # stubs: "n" is an annotation
        .values("issue_id")
        .annotate(n=Count("claim_id"))
        .order_by()
        .values_list("issue_id", "n")
    )


def weekly_counts(
    claims: QuerySet[Claim], weeks: int = 26
) -> tuple[list[date], dict[int, list[int]]]:
    """Claims per issue per week (Monday), for the `weeks` weeks up to the latest dated claim of
    `claims` (already filtered): one grouped query, the sums made by the database."""
    claims = claims.order_by()
    latest = (
        claims.filter(event_start__isnull=False)
        .alias(timeline_key=timeline_key())
        .order_by("-timeline_key", "-id")
        .values_list("event_start", flat=True)
        .first()
    )
    if latest is None:
        return [], {}
    last_week = latest - timedelta(days=latest.weekday())
    first_week = last_week - timedelta(weeks=weeks - 1)
    axis = [first_week + timedelta(weeks=i) for i in range(weeks)]
    through = Claim.issues.through.objects
    grouped = (
        through.filter(  # type: ignore[misc]  # stubs: "week" is an annotation
            claim__in=claims.filter(event_start__gte=first_week, event_start__lte=latest).values(
                "pk"
            )
        )
        .annotate(week=TruncWeek("claim__event_start"))
        .values("issue_id", "week")
        .annotate(n=Count("claim_id"))
        .values_list("issue_id", "week", "n")
    )
    series: dict[int, list[int]] = {}
    index = {week: i for i, week in enumerate(axis)}
    for issue_id, week, count in grouped:
        day = week.date() if hasattr(week, "date") else week
        if day in index:
            series.setdefault(issue_id, [0] * weeks)[index[day]] = count
    return axis, series


# Rows as the page shows them -------------------------------------------------------------


@dataclass
class Source:
    outlet: str
    url: str  # http(s) or "" (checked here once, not by a template filter per link)
    via_outlet: str | None
    via_url: str | None
    quote: str


@dataclass
class Row:
    """A timeline row with everything the template shows already prepared (the view fills
    the words: date label, modality, names), so the template only prints fields."""

    claim: PageClaim
    sources: list[Source] = field(default_factory=list)
    independent: int = 0
    issues: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    iso: str = ""
    shape: str = ""
    label: str = ""
    expression_en: str = ""
    modality: str = ""
    issue_names: list[str] = field(default_factory=list)
    actor_names: list[str] = field(default_factory=list)
    outlets_text: str = ""


def issue_and_actor_links(claim_ids: Any) -> QuerySet[Any]:
    """(claim id, issue or actor id, 0 for an issue / 1 for an actor) for these claims (a list
    of ids or a subquery), in one query: a UNION ALL of the two link tables."""
    return (
        Claim.issues.through.objects.filter(claim_id__in=claim_ids)
        .values_list("claim_id", "issue_id", Value(0, output_field=IntegerField()))
        .union(
            Claim.actors.through.objects.filter(claim_id__in=claim_ids).values_list(
                "claim_id", "actor_id", Value(1, output_field=IntegerField())
            ),
            all=True,
        )
    )


def _web_url(url: str | None) -> str:
    return url if url and is_web_url(url) else ""


PAGE_EVIDENCE_FIELDS = ("claim_id", "exact", *ATTRIBUTION_FIELDS)


def present(claims: list[PageClaim]) -> list[Row]:
    """Issues, actors, sources and independent-outlet counts of a page's claims, in two
    queries of plain rows (names come from the cached vocabulary)."""
    ids = [claim.pk for claim in claims]
    rows = {claim.pk: Row(claim) for claim in claims}
    if not rows:
        return []
    # Issue and actor links in one query (a UNION ALL of the two link tables).
    issue_links: list[tuple[int, int]] = []
    actor_links: list[tuple[int, int]] = []
    for claim_id, linked_id, is_actor in issue_and_actor_links(ids):
        (actor_links if is_actor else issue_links).append((claim_id, linked_id))
    # Each row lists its issues and actors in id order.
    issue_links.sort(key=itemgetter(1))
    actor_links.sort(key=itemgetter(1))
    words = vocabulary()
    issues, actors = words.issue_by_id, words.actor_by_id
    if any(i not in issues for _, i in issue_links) or any(a not in actors for _, a in actor_links):
        # An issue or actor newer than the cached vocabulary: read it again.
        words = vocabulary(refresh=True)
        issues, actors = words.issue_by_id, words.actor_by_id
    for claim_id, issue_id in issue_links:
        rows[claim_id].issues.append(issues[issue_id])
    for claim_id, actor_id in actor_links:
        rows[claim_id].actors.append(actors[actor_id])
    keys: dict[int, set[str]] = defaultdict(set)
    for item in (
        Evidence.objects.filter(claim_id__in=ids)
        .order_by("article_id", "start")
        .values(*PAGE_EVIDENCE_FIELDS)
    ):
        source = attribute_row(item)
        claim_id = item["claim_id"]
        keys[claim_id].add(source.key)
        rows[claim_id].sources.append(
            Source(
                source.label,
                _web_url(source.url),
                source.via_outlet,
                _web_url(source.via) if source.via is not None else None,
                item["exact"],
            )
        )
    for claim_id, row in rows.items():
        row.independent = len(keys[claim_id])
    return list(rows.values())


# The deadline tracker -----------------------------------------------------------------------

DEADLINE_PRECISIONS = ("before", "duration")
DEADLINES_SHOWN = 20
RELATED_SHOWN = 5
# A claim that reports a deadline's outcome as done: signed, agreed, in force, achieved.
MET_PATTERN = r"(署名した|合意した|合意に達した|成立した|発効した|実現した|達成した|締結した)"


@dataclass
class Deadline:
    claim: Claim
    start: date | None
    due: date
    state: str  # open | passed | met
    related: list[Claim]


def deadlines(claims: QuerySet[Claim], today: date) -> list[Deadline]:
    """The latest DEADLINES_SHOWN deadlines among `claims` (filtered), each with its state and
    up to RELATED_SHOWN claims sharing an issue dated inside its window.

    A deadline is *met* when an asserted claim sharing its issue, dated inside the window,
    reports the outcome as done (MET_PATTERN); otherwise *open* until its due date, then
    *passed*. One query for the deadlines, then one per deadline (a fixed number).
    """
    through = Claim.issues.through.objects
    rows = list(
        claims.prefetch_related(None)
        .filter(date_precision__in=DEADLINE_PRECISIONS, event_end__isnull=False)
        .order_by("-event_end", "-id")
        .prefetch_related(Prefetch("issues", queryset=Issue.objects.order_by("slug")))[
            :DEADLINES_SHOWN
        ]
    )
    result = []
    for claim in rows:
        assert claim.event_end is not None
        start = claim.event_start or claim.event_end - timedelta(days=30)
        window = (
            Claim.objects.approved()
            .exclude(pk=claim.pk)
            .filter(event_start__gte=start, event_start__lte=claim.event_end)
            .filter(
                Exists(
                    through.filter(
                        claim_id=OuterRef("pk"),
                        issue_id__in=[issue.pk for issue in claim.issues.all()],
                    )
                )
            )
            .alias(timeline_key=timeline_key())
            .annotate(
                is_outcome=Case(
                    When(modality="asserted", text__regex=MET_PATTERN, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .order_by("-is_outcome", "timeline_key", "id")
        )
        related = list(window[:RELATED_SHOWN])
        if related and related[0].is_outcome:  # type: ignore[attr-defined]
            state = "met"
        elif claim.event_end < today:
            state = "passed"
        else:
            state = "open"
        related.sort(
            key=lambda other: (other.event_start or other.event_end or UNDATED_KEY, other.pk)
        )
        result.append(Deadline(claim, claim.event_start, claim.event_end, state, related))
    return result


# Exports: constant memory, whatever the number of claims ------------------------------------

EXPORT_BATCH = 2000
EXPORT_EVIDENCE_FIELDS = tuple(name for name in EVIDENCE_ROW_FIELDS if name != "claim_id")


def export_rows(claims: QuerySet[Claim], batch: int = EXPORT_BATCH) -> Iterator[dict[str, Any]]:
    """Every claim of `claims` (filtered) in the API's row shape, fetched in keyset batches of
    `batch`, so memory holds one batch whatever the total.

    Three plain queries a batch: the claims; their issue and actor links as ids (one UNION ALL
    of the two link tables, no join: the slugs come from the two small tables read once); their
    evidence. The last two select the batch by its keyset subquery, not by a list of ids."""
    claims = (
        claims.prefetch_related(None)
        .alias(timeline_key=timeline_key())
        .order_by("timeline_key", "id")
    )
    issue_slugs = dict(Issue.objects.values_list("id", "slug"))
    actor_slugs = dict(Actor.objects.values_list("id", "slug"))
    cursor: tuple[date, int] | None = None
    while True:
        page = claims
        if cursor is not None:
            page = page.filter(RowCompare([F("timeline_key"), F("id")], ">", list(cursor)))
        values = list(page.values_list(*CLAIM_ROW_FIELDS)[:batch])
        if not values:
            return
        # The batch again as a subquery (a short index scan in the database), rather than
        # thousands of ids bound into each of the next two queries.
        ids = page.values("pk")[:batch]
        issues: dict[int, list[str]] = defaultdict(list)
        actors: dict[int, list[str]] = defaultdict(list)
        for claim_id, linked_id, is_actor in issue_and_actor_links(ids):
            if is_actor:
                actors[claim_id].append(actor_slugs.get(linked_id) or _slug(Actor, linked_id))
            else:
                issues[claim_id].append(issue_slugs.get(linked_id) or _slug(Issue, linked_id))
        evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
        sources: dict[int, set[str]] = defaultdict(set)  # independent-source keys, as the page
        for claim_id, *item in (
            Evidence.objects.filter(claim_id__in=ids)
            .order_by("article_id", "start")
            .values_list("claim_id", *EXPORT_EVIDENCE_FIELDS)
        ):
            row = dict(zip(EXPORT_EVIDENCE_FIELDS, item, strict=True))
            source = attribute_row(row)
            evidence[claim_id].append(
                evidence_item(
                    source,
                    quote=row["exact"],
                    start=row["start"],
                    end=row["end"],
                    stance=row["stance"],
                )
            )
            sources[claim_id].add(source.key)
        for claim_id, text, gloss, expression, start, end, precision, modality, updated in values:
            yield {
                "id": claim_id,
                "text": text,
                "gloss_en": gloss,
                "time_expression": expression,
                "event_date": {"start": _iso(start), "end": _iso(end), "precision": precision},
                "modality": modality,
                "issues": sorted(issues[claim_id]),
                "actors": sorted(actors[claim_id]),
                "evidence": evidence[claim_id],
                "updated_at": updated.isoformat() if updated else None,
                "independent_sources": len(sources[claim_id]),
            }
        last = values[-1]
        cursor = (last[4] or last[5] or UNDATED_KEY, last[0])
        if len(values) < batch:
            return


def _slug(model: type[Issue] | type[Actor], pk: int) -> str:
    """The slug of an issue or actor created while the export streams."""
    return str(model.objects.values_list("slug", flat=True).get(pk=pk))
