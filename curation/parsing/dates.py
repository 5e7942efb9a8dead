"""Dates as Japanese news pages write them: ISO stamps in markup, 公開日/配信 in the text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")

# 2025/02/10, 2025-2-10, 2025.02.10, 2025年2月10日, optional weekday "(月)" and time "18時05分"/"18:05".
DATE_PATTERN = (
    r"(?P<year>\d{4})\s*[/年.\-]\s*(?P<month>\d{1,2})\s*[/月.\-]\s*(?P<day>\d{1,2})\s*日?"
    r"(?:\s*[(（][月火水木金土日](?:曜日?)?[)）])?"
    r"(?:\s*(?P<hour>\d{1,2})\s*[時:：]\s*(?P<minute>\d{1,2})\s*分?)?"
)
PUBLISHED_WORDS = r"公開日?|配信日?|掲載日?|投稿日?|発行日?"
UPDATED_WORDS = r"最終更新日?|更新日?"
_MARKER_BEFORE = re.compile(
    rf"(?P<word>{UPDATED_WORDS}|{PUBLISHED_WORDS})\s*(?:日時)?\s*(?P<colon>[:：])?\s*{DATE_PATTERN}"
)
# "2025年2月10日 18時05分 配信" — but not "…10 更新日: 2025…", where the word labels the next date.
_MARKER_AFTER = re.compile(
    rf"{DATE_PATTERN}\s*(?P<word>{UPDATED_WORDS}|{PUBLISHED_WORDS})(?!\s*(?:日時)?\s*[:：])"
)
_ISO_LIKE = re.compile(
    r"^(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class TextDates:
    published: datetime | None
    updated: datetime | None


def parse_datetime_value(value: str | None) -> datetime | None:
    """Parse an ISO-8601-ish or RFC-2822 stamp; naive times are taken as Tokyo time."""
    if not value:
        return None
    value = unicodedata.normalize("NFKC", value).strip()
    match = _ISO_LIKE.match(value)
    if match:
        return _from_parts(match.groupdict())
    try:
        from email.utils import parsedate_to_datetime

        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=TOKYO)
    match = re.search(DATE_PATTERN, value)
    return _from_parts(match.groupdict()) if match else None


def find_text_dates(text: str) -> TextDates:
    """The first 公開日-like and 更新日-like dates written in ``text``."""
    text = unicodedata.normalize("NFKC", text)
    published: datetime | None = None
    updated: datetime | None = None
    for match in _unambiguous_markers(text):
        stamp = _from_parts(match.groupdict())
        if stamp is None:
            continue
        if "更新" in match.group("word"):
            updated = updated or stamp
        else:
            published = published or stamp
    return TextDates(published, updated)


def _unambiguous_markers(text: str) -> list[re.Match[str]]:
    """Marker matches in text order, each word and date used once.

    "配信 2025/2/12" could label the date after it or trail the one before it; "公開日:" with a
    colon surely labels, otherwise a trailing reading ("…18時05分 配信") is preferred.
    """
    leading = list(_MARKER_BEFORE.finditer(text))
    by_priority = [
        *(m for m in leading if m.group("colon")),
        *_MARKER_AFTER.finditer(text),
        *(m for m in leading if not m.group("colon")),
    ]
    chosen: list[re.Match[str]] = []
    for match in by_priority:
        if all(match.end() <= c.start() or match.start() >= c.end() for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start())


_DATE_ALONE = re.compile(rf"^\s*{DATE_PATTERN}\s*$")


def standalone_date(texts: Iterator[str]) -> datetime | None:
    """The first of ``texts`` that is nothing but a date: a blog's date header (2025年07月29日),
    a dateline paragraph. Dates inside sentences are the events of the story, not its own."""
    for text in texts:
        match = _DATE_ALONE.match(unicodedata.normalize("NFKC", text))
        if match:
            stamp = _from_parts(match.groupdict())
            if stamp is not None:
                return stamp
    return None


def date_from_match(match: re.Match[str]) -> date | None:
    stamp = _from_parts(match.groupdict())
    return stamp.date() if stamp else None


def midnight_in_tokyo(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=TOKYO)


def _from_parts(parts: dict[str, str | None]) -> datetime | None:
    try:
        year, month, day = (
            int(parts["year"] or ""),
            int(parts["month"] or ""),
            int(parts["day"] or ""),
        )
        hour, minute = int(parts.get("hour") or 0), int(parts.get("minute") or 0)
        second = int(parts.get("second") or 0)
        stamp = datetime(year, month, day, hour, minute, second)
    except (TypeError, ValueError):
        return None
    if not 1990 <= year <= 2100:
        return None
    return stamp.replace(tzinfo=_zone(parts.get("tz")))


def _zone(offset: str | None) -> timezone | ZoneInfo:
    if not offset:
        return TOKYO
    if offset == "Z":
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
