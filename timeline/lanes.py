"""Geometry of the server-rendered SVG: the lane view, the deadline bars, the weekly charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from claims.dates import bucket_label, bucket_start, date_label, date_shape
from claims.models import Issue
from timeline.selectors import Deadline

WIDTH = 1000
LANE_HEIGHT = 34
AXIS_HEIGHT = 28
MAX_TICKS = 12


@dataclass
class Mark:
    kind: str
    x1: float
    x2: float
    y: int
    claim_id: int
    title: str

    @property
    def width(self) -> float:
        return round(self.x2 - self.x1, 1)


def _issue_name(issue: Issue, language: str) -> str:
    return issue.name_en if language == "en" else issue.name_ja


def lane_chart(
    rows: list[Any], group: str, language: str, cleaned: dict[str, Any]
) -> dict[str, Any] | None:
    """One lane per issue for the rows of this page, on a time axis at their real scale.

    A day is a dot; a month, part of a month or a range is a bar over its days; `before` runs
    from the left edge (open) to its bound, `after` from its bound to the right edge (open); a
    deadline is a bar from its start to its due date with a tick at the due date.
    """
    shapes = [
        (row, date_shape(row.claim.event_start, row.claim.event_end, row.claim.date_precision))
        for row in rows
    ]
    known = [d for _, shape in shapes for d in (shape.start, shape.end) if d is not None]
    low: date | None = cleaned.get("date_from") or (min(known) if known else None)
    high: date | None = cleaned.get("date_to") or (max(known) if known else None)
    if low is None or high is None:
        return None
    low, high = low - timedelta(days=1), high + timedelta(days=2)
    days = max((high - low).days, 1)

    def x(day: date) -> float:
        return round(max(0, min(days, (day - low).days)) * WIDTH / days, 1)

    lanes: dict[int, dict[str, Any]] = {}
    for row, shape in shapes:
        if shape.kind == "none":
            continue
        title = date_label(
            row.claim.event_start, row.claim.event_end, row.claim.date_precision, language
        )
        for issue in row.issues:
            lane = lanes.setdefault(
                issue["id"],
                {
                    "name": issue["name_en" if language == "en" else "name_ja"],
                    "slug": issue["slug"],
                    "marks": [],
                },
            )
            start = x(shape.start) if shape.start else 0.0
            end = x(shape.end + timedelta(days=1)) if shape.end else float(WIDTH)
            lane["marks"].append(
                Mark(shape.kind, start, max(end, start + 3), 0, row.claim.pk, title)
            )
    ordered = sorted(lanes.values(), key=lambda lane: lane["slug"])
    for index, lane in enumerate(ordered):
        lane["y"] = AXIS_HEIGHT + index * LANE_HEIGHT
        for mark in lane["marks"]:
            mark.y = lane["y"] + LANE_HEIGHT // 2
    ticks = []
    day = bucket_start(low, group)
    step = {"month": 31, "week": 7, "day": 1}[group]
    while day <= high:
        if day >= low:
            ticks.append({"x": x(day), "label": bucket_label(day, group, language)})
        day = bucket_start(day + timedelta(days=step), group)
    stride = max(1, len(ticks) // MAX_TICKS + (1 if len(ticks) % MAX_TICKS else 0))
    return {
        "lanes": ordered,
        "ticks": ticks[::stride],
        "width": WIDTH,
        "height": AXIS_HEIGHT + max(1, len(ordered)) * LANE_HEIGHT + 4,
        "low": low,
        "high": high,
    }


def deadline_bar(item: Deadline, language: str, today: date) -> dict[str, Any]:
    """A deadline drawn from its start to its due date, with how much of it has elapsed."""
    start = item.start
    elapsed = None
    if start is not None and item.due > start:
        elapsed = round(100 * max(0, min(1, (today - start).days / (item.due - start).days)), 1)
    claim = item.claim
    return {
        "item": item,
        "claim": claim,
        "label": date_label(claim.event_start, claim.event_end, claim.date_precision, language),
        "elapsed": elapsed,
        "open_left": start is None,
    }


def sparkline(issue: Issue, axis: list[date], counts: list[int], language: str) -> dict[str, Any]:
    """Weekly counts as bars of a small SVG (120 × 32)."""
    peak = max(counts) or 1
    width = 4
    bars = [
        {
            "x": index * width,
            "height": round(28 * count / peak, 1),
            "y": round(30 - 28 * count / peak, 1),
            "count": count,
            "week": week,
        }
        for index, (week, count) in enumerate(zip(axis, counts, strict=True))
    ]
    return {
        "issue": issue,
        "name": _issue_name(issue, language),
        "bars": bars,
        "width": width * len(axis),
        "total": sum(counts),
        "peak": max(counts),
    }
