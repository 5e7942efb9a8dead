"""One page through parsing and extraction, as the JSON of DESIGN.md (pure: no Django).

Used by `manage.py extract_claims` and by the evaluation harness.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from claims import extraction
from curation.parsing import ParsedArticle, outlet_for_domain, parse_page


@dataclass(frozen=True)
class LoadedPage:
    parsed: ParsedArticle
    encoding: str
    url: str | None


def load_page(
    body: bytes, *, url: str | None, media_type: str | None, header_charset: str | None = None
) -> LoadedPage:
    """Decode and parse a page given as bytes, as ingestion does (see ``parse_page``)."""
    page = parse_page(body, media_type=media_type, url=url, header_charset=header_charset)
    return LoadedPage(parsed=page.article, encoding=page.encoding, url=url)


def event_date_json(event_date: extraction.EventDate | None) -> dict[str, Any] | None:
    if event_date is None:
        return None
    return {
        "start": event_date.start.isoformat() if event_date.start else None,
        "end": event_date.end.isoformat() if event_date.end else None,
        "precision": str(event_date.precision),
    }


def page_outlet(page: LoadedPage) -> str | None:
    for url in (page.parsed.canonical_url, page.url):
        host = urlsplit(url or "").hostname
        if host and (name := outlet_for_domain(host)):
            return name
    if page.parsed.site_name:
        return page.parsed.site_name
    return urlsplit(page.url or "").hostname or None


def extract_page_json(
    page: LoadedPage,
    *,
    published: date | None = None,
    lexicon: extraction.Lexicon = extraction.DEFAULT_LEXICON,
) -> dict[str, Any]:
    parsed = page.parsed
    if published is None and parsed.published_at is not None:
        published = parsed.published_at.date()
    reference_dates = [
        (section.start, section.published) for section in parsed.sections if section.published
    ]
    candidates = extraction.extract_claims(
        parsed.text, published=published, reference_dates=reference_dates, lexicon=lexicon
    )
    claims = []
    for candidate in candidates:
        citation = next(
            (
                section.citation
                for section in parsed.sections
                if section.start <= candidate.quote_start < section.end
            ),
            None,
        )
        claims.append(
            {
                "text": candidate.text,
                "time_expression": candidate.time_expression,
                "event_date": event_date_json(candidate.event_date),
                "actors": list(candidate.actors),
                "speakers": list(candidate.speakers),
                "issues": list(candidate.issues),
                "matched_keywords": {k: list(v) for k, v in candidate.matched_keywords.items()},
                "modality": str(candidate.modality),
                "confidence": round(candidate.confidence, 3),
                "citation": citation,
                "quote": {
                    "exact": parsed.text[candidate.quote_start : candidate.quote_end],
                    "start": candidate.quote_start,
                    "end": candidate.quote_end,
                },
                # Every sentence of the claim's evidence, the quote first (one claim per event).
                "evidence": [
                    {"exact": parsed.text[start:end], "start": start, "end": end}
                    for start, end in (
                        candidate.evidence or ((candidate.quote_start, candidate.quote_end),)
                    )
                ],
            }
        )
    return {
        "article": {
            "title": parsed.title,
            "published": published.isoformat() if published else None,
            "outlet": page_outlet(page),
            "encoding": page.encoding,
            "url": parsed.canonical_url or page.url,
            "citations": [
                {
                    "outlet": citation.outlet_name,
                    "url": citation.url,
                    "published": citation.published.isoformat() if citation.published else None,
                }
                for citation in parsed.citations
            ],
        },
        "claims": claims,
    }
