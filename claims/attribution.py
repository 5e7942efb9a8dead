"""Who really published a quote: the one rule the claim page, the timeline and the API share.

A quote read in an aggregator's section is the cited outlet's, read *via* the aggregator's
page; any other quote is its article's outlet's. Two quotes with the same `key` come from the
same outlet, so the number of distinct keys is the number of independent sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Case, CharField, When
from django.db.models.functions import Cast, Coalesce

from claims.models import Evidence

# The columns `attribute_row` reads, as `.values()` names them.
ATTRIBUTION_FIELDS = (
    "article__canonical_url",
    "article__outlet_id",
    "article__outlet__name",
    "citation_id",
    "citation__outlet_id",
    "citation__outlet_name",
    "citation__url",
)


@dataclass(frozen=True)
class Attribution:
    outlet: str | None  # the publishing outlet's name; None for an article of no known outlet
    url: str  # where the quote was published (the upstream article for a cited section)
    via: str | None  # the aggregator page the quote was read on, if any
    via_outlet: str | None  # that aggregator's name (its host when it has no outlet)
    key: str  # the independent-source key

    @property
    def label(self) -> str:
        """The outlet's name, else the host of its URL: what a page shows as the source."""
        return self.outlet or _host(self.url)


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def attribute(
    *,
    article_url: str,
    article_outlet_id: int | None,
    article_outlet: str | None,
    citation_id: int | None,
    citation_outlet_id: int | None = None,
    citation_outlet: str | None = None,
    citation_url: str | None = None,
) -> Attribution:
    if citation_id is not None:
        return Attribution(
            outlet=citation_outlet,
            url=citation_url or article_url,
            via=article_url,
            via_outlet=article_outlet or _host(article_url),
            key=str(citation_outlet_id) if citation_outlet_id else (citation_outlet or ""),
        )
    return Attribution(
        outlet=article_outlet,
        url=article_url,
        via=None,
        via_outlet=None,
        key=str(article_outlet_id) if article_outlet_id else article_url,
    )


def attribute_row(row: Mapping[str, Any]) -> Attribution:
    """The attribution of a `.values(*ATTRIBUTION_FIELDS)` row of Evidence."""
    return attribute(
        article_url=row["article__canonical_url"],
        article_outlet_id=row["article__outlet_id"],
        article_outlet=row["article__outlet__name"],
        citation_id=row["citation_id"],
        citation_outlet_id=row["citation__outlet_id"],
        citation_outlet=row["citation__outlet_name"],
        citation_url=row["citation__url"],
    )


def attribute_evidence(evidence: Evidence) -> Attribution:
    """The attribution of evidence loaded with its article's outlet and its citation."""
    article, citation = evidence.article, evidence.citation
    return attribute(
        article_url=article.canonical_url,
        article_outlet_id=article.outlet_id,
        article_outlet=article.outlet.name if article.outlet else None,
        citation_id=evidence.citation_id,
        citation_outlet_id=citation.outlet_id if citation else None,
        citation_outlet=citation.outlet_name if citation else None,
        citation_url=citation.url if citation else None,
    )


def source_key() -> Case:
    """`Attribution.key` as an SQL expression over Evidence, for counting in the database."""
    return Case(
        When(
            citation__isnull=False,
            then=Coalesce(Cast("citation__outlet_id", CharField()), "citation__outlet_name"),
        ),
        default=Coalesce(Cast("article__outlet_id", CharField()), "article__canonical_url"),
        output_field=CharField(),
    )
