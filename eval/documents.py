"""The labelled sets as documents to score: sentence rows and whole pages with their gold
claims, read the way ingestion reads a page (``curation.parsing.parse_page``), and the date
keys the scores compare. No Django: pages need only ``curation.parsing``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DateKey = tuple[str | None, str | None, str] | None


@dataclass(frozen=True)
class Claim:
    """A gold or predicted claim reduced to what the scores compare."""

    start: int
    end: int
    event_date: DateKey
    actors: frozenset[str]
    issues: frozenset[str]
    modality: str
    text: str = ""
    evidence: tuple[tuple[int, int], ...] = ()  # further evidence spans (ANNOTATION.md)


@dataclass
class Document:
    """One unit of text to extract from, with its gold claims."""

    name: str
    text: str
    published: date | None
    reference_dates: list[tuple[int, date]]
    gold: list[Claim]
    unlocated_quotes: list[str] = field(default_factory=list)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_date_key(value: dict[str, Any] | None) -> DateKey:
    if value is None:
        return None
    return (value["start"], value["end"], value["precision"])


def predicted_date_key(event_date: Any) -> DateKey:
    if event_date is None:
        return None
    start = event_date.start.isoformat() if event_date.start else None
    end = event_date.end.isoformat() if event_date.end else None
    return (start, end, str(event_date.precision))


def format_date(key: DateKey) -> str:
    if key is None:
        return "no date"
    start, end, precision = key
    return f"{start or '…'}..{end or '…'} {precision}"


# --------------------------------------------------------------------------- documents


def sentence_documents(rows: Iterable[dict[str, Any]]) -> list[Document]:
    """claims.jsonl: each row is a page of one sentence whose gold claim is the sentence."""
    documents = []
    for number, row in enumerate(rows, 1):
        text = row["text"]
        # an undated sentence is no claim (ANNOTATION.md): a page with no gold claim
        gold = (
            []
            if row.get("claim") is False
            else [
                Claim(
                    start=0,
                    end=len(text),
                    event_date=gold_date_key(row["event_date"]),
                    actors=frozenset(row["actors"]),
                    issues=frozenset(row["issues"]),
                    modality=row["modality"],
                    text=text,
                )
            ]
        )
        documents.append(
            Document(
                name=f"claims.jsonl:{number}",
                text=text,
                published=date.fromisoformat(row["published"]),
                reference_dates=[],
                gold=gold,
            )
        )
    return documents


@dataclass(frozen=True)
class PageParser:
    """curation.parsing's one path from bytes to an article, the one ingestion takes."""

    parse_page: Callable[..., Any]
    media_type_for_name: Callable[[str], str | None]


def load_page_parser() -> PageParser | None:
    try:
        from curation.parsing import media_type_for_name, parse_page
    except ImportError:
        return None
    return PageParser(parse_page, media_type_for_name)


def page_documents(pages_dir: Path, parser: PageParser) -> tuple[list[Document], list[str]]:
    """Every NAME.html/.txt beside a NAME.labels.json, decoded and stripped by curation.parsing."""
    documents: list[Document] = []
    problems: list[str] = []
    for labels_path in sorted(pages_dir.glob("*.labels.json")):
        name = labels_path.name.removesuffix(".labels.json")
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        page_path = next(
            (
                pages_dir / f"{name}{suffix}"
                for suffix in (".html", ".txt")
                if (pages_dir / f"{name}{suffix}").exists()
            ),
            None,
        )
        if page_path is None:
            problems.append(f"{name}: no .html or .txt beside the labels")
            continue
        try:
            documents.append(parse_page(page_path, labels, parser))
        except Exception as error:  # a broken parser must not hide the other pages
            problems.append(f"{name}: parsing failed: {error!r}")
    return documents, problems


def parse_page(path: Path, labels: dict[str, Any], parser: PageParser) -> Document:
    article = parser.parse_page(
        path.read_bytes(), media_type=parser.media_type_for_name(path.name), url=labels["url"]
    ).article
    text = article.text
    # The page's own date when the parser finds one (as the pipeline would), else the label's.
    published = article.published_at.date() if article.published_at else None
    published = published or date.fromisoformat(labels["published"])
    document = Document(
        name=path.name,
        text=text,
        published=published,
        reference_dates=[(s.start, s.published) for s in article.sections if s.published],
        gold=[],
    )
    for claim in labels["claims"]:
        start = text.find(claim["quote"])
        if start < 0:
            # Counted as a missed gold claim: the parser lost or changed the sentence.
            document.unlocated_quotes.append(claim["quote"])
            start, end = -1, -1
        else:
            end = start + len(claim["quote"])
        evidence = tuple(
            (found, found + len(quote))
            for quote in claim.get("evidence", ())
            if (found := text.find(quote)) >= 0
        )
        document.gold.append(
            Claim(
                start=start,
                end=end,
                event_date=gold_date_key(claim["event_date"]),
                actors=frozenset(claim["actors"]),
                issues=frozenset(claim["issues"]),
                modality=claim["modality"],
                text=claim["quote"],
                evidence=evidence,
            )
        )
    return document
