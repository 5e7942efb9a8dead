"""Dates drawn honestly: a claim's date in words at its precision, in Japanese or English.

Plain Python (no Django imports): the timeline, its exports, the claim editor and the tests
share it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_PARTS = (("上旬", "early"), ("中旬", "mid"), ("下旬", "late"))


def _ja_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _en_day(day: date) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1][:3]} {day.year}"


def _month_part(start: date, end: date) -> int | None:
    """0, 1, 2 for 上旬 (1–10), 中旬 (11–20), 下旬 (21–end of month); None otherwise."""
    if start.year != end.year or start.month != end.month:
        return None
    last = calendar.monthrange(start.year, start.month)[1]
    for index, (first, final) in enumerate(((1, 10), (11, 20), (21, last))):
        if start.day == first and end.day == final:
            return index
    return None


def date_label(start: date | None, end: date | None, precision: str, language: str) -> str:
    """The claim's date in words: 2月下旬, 2025年1月, 2025年1月19日以前, 12 Feb 2025 …"""
    en = language.startswith("en")
    day = _en_day if en else _ja_day
    if start is None and end is None:
        return "undated" if en else "日付なし"
    if precision == "before" and end is not None:
        return f"before {day(end)}" if en else f"{day(end)}以前"
    if precision == "after" and start is not None:
        return f"after {day(start)}" if en else f"{day(start)}以降"
    if start is None:
        start = end
    assert start is not None
    end = end or start
    if precision == "duration":
        return f"from {day(start)}, due {day(end)}" if en else f"{day(start)}から{day(end)}まで"
    if precision == "year":
        return str(start.year) if en else f"{start.year}年"
    if precision == "month":
        return (
            f"{MONTHS_EN[start.month - 1]} {start.year}" if en else f"{start.year}年{start.month}月"
        )
    if precision == "month_part":
        part = _month_part(start, end)
        if part is not None:
            ja, english = MONTH_PARTS[part]
            return (
                f"{english} {MONTHS_EN[start.month - 1]} {start.year}"
                if en
                else f"{start.year}年{start.month}月{ja}"
            )
    if start == end:
        return day(start)
    if en:
        return f"{day(start)} – {day(end)}"
    if start.year == end.year:
        return f"{_ja_day(start)}〜{end.month}月{end.day}日"
    return f"{_ja_day(start)}〜{_ja_day(end)}"


@dataclass(frozen=True)
class Shape:
    """How a claim's date is drawn: a point, a span, an open bar, or a deadline bar."""

    kind: str  # point | span | open_left | open_right | deadline | none
    start: date | None
    end: date | None


def date_shape(start: date | None, end: date | None, precision: str) -> Shape:
    if start is None and end is None:
        return Shape("none", None, None)
    if precision == "before":
        return Shape("open_left", None, end or start)
    if precision == "after":
        return Shape("open_right", start or end, None)
    if precision == "duration":
        return Shape("deadline", start or end, end or start)
    first = start or end
    last = end or start
    if first == last and precision in ("day", ""):
        return Shape("point", first, last)
    return Shape("span", first, last)


# The original Japanese time expression in English, by rule (numbers, units, qualifiers).
_EN_RULES: list[tuple[str, str]] = [
    (r"(\d+)年(\d+)月(\d+)日", r"\3/\2/\1"),
    (r"(\d+)月(\d+)日", r"{month\1} \2"),
    (r"(\d+)年(\d+)月", r"{month\2} \1"),
    (r"(\d+)月", r"{month\1}"),
    (r"(\d+)年", r"\1"),
    (r"(\d+)日以内", r"within \1 days"),
    (r"(\d+)日間", r"for \1 days"),
    (r"(\d+)日", r"\1 days"),
    (r"(\d+)(?:か|カ|ヶ|ヵ|ケ|箇)月以内", r"within \1 months"),
    (r"(\d+)(?:か|カ|ヶ|ヵ|ケ|箇)月", r"\1 months"),
    (r"(\d+)週間", r"\1 weeks"),
    (r"(\d+)時間", r"\1 hours"),
]
_EN_WORDS = [
    ("上旬", " (early)"),
    ("中旬", " (mid)"),
    ("下旬", " (late)"),
    ("以前", " or before"),
    ("以降", " or after"),
    ("以内", " within"),
    ("まで", " until"),
    ("から", " from"),
    ("ごろ", " around"),
    ("頃", " around"),
    ("末", " (end)"),
    ("初め", " (start)"),
    ("今週", "this week"),
    ("来週", "next week"),
    ("先週", "last week"),
    ("今月", "this month"),
    ("来月", "next month"),
    ("先月", "last month"),
    ("今年", "this year"),
    ("来年", "next year"),
    ("昨年", "last year"),
    ("去年", "last year"),
    ("今日", "today"),
    ("本日", "today"),
    ("明日", "tomorrow"),
    ("昨日", "yesterday"),
    ("就任", "taking office"),
    ("直前", " just before"),
    ("直後", " just after"),
    ("年内", "within the year"),
    ("月内", "within the month"),
    ("週末", "the weekend"),
    ("午前", "a.m."),
    ("午後", "p.m."),
    ("から", " from"),
]
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _kanji_number(match: re.Match[str]) -> str:
    text = match.group(0)
    total, current = 0, 0
    for char in text:
        if char in _KANJI_DIGITS:
            current = _KANJI_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
    return str(total + current)


def english_time_expression(expression: str) -> str:
    """A word-by-word English rendering of a Japanese time expression (empty if none)."""
    text = expression.strip().translate(_FULLWIDTH)
    if not text:
        return ""
    text = re.sub(r"[一二三四五六七八九十百]+(?=[年月日週時かカヶヵケ箇])", _kanji_number, text)
    for pattern, replacement in _EN_RULES:
        text = re.sub(pattern, replacement, text)
    text = re.sub(
        r"\{month(\d+)\}",
        lambda m: MONTHS_EN[int(m.group(1)) - 1] if 1 <= int(m.group(1)) <= 12 else m.group(1),
        text,
    )
    for ja, en in _EN_WORDS:
        text = text.replace(ja, en)
    text = re.sub(r"\s+", " ", text).strip()
    return text


def bucket_start(day: date, group: str) -> date:
    """The first day of the day/week (Monday)/month bucket that holds `day`."""
    if group == "month":
        return day.replace(day=1)
    if group == "week":
        return day - timedelta(days=day.weekday())
    return day


def bucket_label(day: date, group: str, language: str) -> str:
    en = language.startswith("en")
    if group == "month":
        return f"{MONTHS_EN[day.month - 1]} {day.year}" if en else f"{day.year}年{day.month}月"
    if group == "week":
        return f"week of {_en_day(day)}" if en else f"{_ja_day(day)}の週"
    return _en_day(day) if en else _ja_day(day)
