"""Exports of the filtered timeline, each streamed row by row from keyset batches."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from claims.dates import date_label
from claims.models import Claim, Modality
from timeline.selectors import export_rows

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "ronten-timeline.csv"),
    "json": ("application/json", "ronten-timeline.json"),
    "ics": ("text/calendar; charset=utf-8", "ronten-timeline.ics"),
    "jsonld": ("application/ld+json", "ronten-claimreview.jsonld"),
    "timelinejs": ("application/json", "ronten-timelinejs.json"),
}
CSV_COLUMNS = [
    "id",
    "event_start",
    "event_end",
    "precision",
    "date_label",
    "time_expression",
    "modality",
    "issues",
    "actors",
    "text",
    "gloss_en",
    "independent_sources",
    "sources",
    "url",
]
MODALITY_WORDS = {
    Modality.ASSERTED: "asserted",
    Modality.REPORTED: "reported (hearsay)",
    Modality.PLANNED: "planned",
    Modality.SPECULATIVE: "speculative",
    Modality.DENIED: "denied",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """A spreadsheet must not run a cell as a formula: prefix those starting = + - @ with '."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def stream(fmt: str, claims: QuerySet[Claim], request: HttpRequest) -> StreamingHttpResponse:
    content_type, filename = FORMATS[fmt]
    base = request.build_absolute_uri(reverse("timeline:index"))

    # Reversed once: a million reverse() calls would cost more than the rows' queries.
    claim_prefix = request.build_absolute_uri(reverse("review:claim", args=[0]))[: -len("0/")]

    def claim_url(claim_id: int) -> str:
        return f"{claim_prefix}{claim_id}/"

    rows = export_rows(claims)
    writer = {
        "csv": _csv,
        "json": _json,
        "ics": _ics,
        "jsonld": _jsonld,
        "timelinejs": _timelinejs,
    }[fmt]
    response = StreamingHttpResponse(writer(rows, claim_url, base), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _csv(rows: Iterable[dict[str, Any]], claim_url: Any, base: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + flush()  # a BOM, so that Excel reads the Japanese as UTF-8
    for count, row in enumerate(rows, 1):
        event = row["event_date"]
        writer.writerow(
            [
                neutralise(cell)
                for cell in (
                    row["id"],
                    event["start"] or "",
                    event["end"] or "",
                    event["precision"],
                    date_label(_day(event["start"]), _day(event["end"]), event["precision"], "ja"),
                    row["time_expression"],
                    row["modality"],
                    " ".join(row["issues"]),
                    " ".join(row["actors"]),
                    row["text"],
                    row["gloss_en"],
                    row["independent_sources"],
                    " | ".join(f"{e['outlet'] or ''} {e['url']}".strip() for e in row["evidence"]),
                    claim_url(row["id"]),
                )
            ]
        )
        if count % 200 == 0:
            yield flush()
    yield flush()


def _json(rows: Iterable[dict[str, Any]], claim_url: Any, base: str) -> Iterator[str]:
    yield '{"source": ' + json.dumps(base) + ', "claims": ['
    for index, row in enumerate(rows):
        sources = row.pop("independent_sources")  # after the claim's URL, as it always was
        row = {**row, "url": claim_url(row["id"]), "independent_sources": sources}
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def _jsonld(rows: Iterable[dict[str, Any]], claim_url: Any, base: str) -> Iterator[str]:
    """schema.org ClaimReview items: Ronten reviews where each claim appeared and how it was
    put (its modality), not whether it is true, so the rating is an alternateName only."""
    yield '{"@context": "https://schema.org", "@graph": ['
    for index, row in enumerate(rows):
        appearances = [
            {
                "@type": "CreativeWork",
                "url": e["url"],
                **(
                    {"publisher": {"@type": "Organization", "name": e["outlet"]}}
                    if e["outlet"]
                    else {}
                ),
                "text": e["quote"],
            }
            for e in row["evidence"]
        ]
        event = row["event_date"]
        item = {
            "@type": "ClaimReview",
            "url": claim_url(row["id"]),
            "claimReviewed": row["text"],
            "inLanguage": "ja",
            "datePublished": (row["updated_at"] or "")[:10] or None,
            "author": {"@type": "Organization", "name": "Ronten", "url": base},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": MODALITY_WORDS.get(row["modality"], row["modality"]),
            },
            "itemReviewed": {
                "@type": "Claim",
                "appearance": appearances,
                **({"firstAppearance": appearances[0]} if appearances else {}),
                "temporalCoverage": _iso_interval(event),
            },
        }
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


def _iso_interval(event: dict[str, Any]) -> str | None:
    """ISO 8601 interval, '..' for an open end (schema.org temporalCoverage)."""
    start, end = event["start"], event["end"]
    if start is None and end is None:
        return None
    if start == end:
        return str(start)
    return f"{start or '..'}/{end or '..'}"


def _timelinejs(rows: Iterable[dict[str, Any]], claim_url: Any, base: str) -> Iterator[str]:
    """TimelineJS3 JSON: one slide per dated claim, grouped by its first issue."""
    yield (
        '{"title": {"text": {"headline": "Ronten", "text": ' + json.dumps(base) + '}}, "events": ['
    )
    first = True
    for row in rows:
        event = row["event_date"]
        start, end = _day(event["start"]), _day(event["end"])
        if start is None and end is None:
            continue  # TimelineJS needs a start date
        begin = start or end
        assert begin is not None
        slide: dict[str, Any] = {
            "unique_id": f"claim-{row['id']}",
            "start_date": _tl_date(begin),
            "display_date": date_label(start, end, event["precision"], "ja"),
            "text": {
                "headline": row["text"][:120],
                "text": f'<a href="{claim_url(row["id"])}">{row["time_expression"]}</a>',
            },
        }
        if end and end != begin and event["precision"] != "before":
            slide["end_date"] = _tl_date(end)
        if row["issues"]:
            slide["group"] = row["issues"][0]
        yield ("" if first else ",") + "\n" + json.dumps(slide, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def _tl_date(day: date) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_fold(line: str) -> str:
    """RFC 5545: lines of at most 75 octets, continued with CRLF and a space."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out) + "\r\n"


def _ics(rows: Iterable[dict[str, Any]], claim_url: Any, base: str) -> Iterator[str]:
    """All-day events at each claim's precision: a day is one day, a month or range spans its
    days (DTEND is exclusive), a deadline runs from its start to its due date; `before` and
    `after` claims, whose other end is open, are the one day they name."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    yield "".join(
        _ics_fold(line)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Ronten//Timeline//JA",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:Ronten",
        )
    )
    for row in rows:
        event = row["event_date"]
        start, end = _day(event["start"]), _day(event["end"])
        if start is None and end is None:
            continue
        first = start or end
        last = end or start
        assert first is not None and last is not None
        if event["precision"] == "before":
            first = last
        if event["precision"] == "after":
            last = first
        label = date_label(start, end, event["precision"], "ja")
        lines = [
            "BEGIN:VEVENT",
            f"UID:claim-{row['id']}@ronten",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_escape(row['text'][:200])}",
            "DESCRIPTION:"
            + _ics_escape(
                f"{label}（{row['time_expression']}）\n{row['text']}\n"
                + "\n".join(f"{e['outlet'] or ''} {e['url']}" for e in row["evidence"])
            ),
            f"URL:{claim_url(row['id'])}",
            f"X-RONTEN-PRECISION:{event['precision'] or 'none'}",
        ]
        if row["issues"]:
            lines.append("CATEGORIES:" + ",".join(_ics_escape(i) for i in row["issues"]))
        lines.append("END:VEVENT")
        yield "".join(_ics_fold(line) for line in lines)
    yield "END:VCALENDAR\r\n"
