"""Turning a match into an EventDate against an anchor (the resolution rules of the package doc).

A handler reads the named groups of one pattern's match and a :class:`Context` (the anchor, the
day and date mentioned before, the tense of the clause, the event a length counts from) and
returns the date it names, or None. Here too are the calendar arithmetic the handlers share
(spans of months, parts of months and years, seasons, ISO weeks) and how a year or month left
out is inferred.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from claims.extraction.numerals import kanji_to_int
from claims.extraction.records import EventDate, Precision

# Fixed events of this domain that texts count from (named anchors).
INAUGURATION = date(2025, 1, 20)  # Trump's second inauguration (就任)
FULL_INVASION = date(2022, 2, 24)  # Russia's full-scale invasion (侵攻開始)

_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
_MONTH_PARTS = {
    "上旬": "early",
    "初旬": "early",
    "初め": "early",
    "はじめ": "early",
    "始め": "early",
    "初頭": "early",
    "頭": "early",
    "中旬": "mid",
    "半ば": "mid",
    "下旬": "late",
    "末": "late",
    "終わり": "late",
    "前半": "first_half",
    "後半": "second_half",
}
_ERA_START = {"令和": 2018, "平成": 1988}


@dataclass(slots=True)
class Context:
    anchor: date | None
    last_day: date | None = None  # the last DAY mentioned, for 同日/前日/翌日
    on_or_after: date | None = None  # set when resolving the end of a range
    future: bool = False  # the rest of the sentence speaks of the future
    duration_start: date | None = None
    # The sentence counts from an event whose date the engine does not know (another
    # office holder's 就任): a length from it cannot be placed.
    duration_start_unknown: bool = False
    last_point: date | None = None  # the last date of any kind mentioned, for 同月/同年
    others_inauguration: bool = False  # the 就任 of this match is not Trump's
    # The tense of the clause the expression dates ("past", "future" or None): a month-day or
    # a bare day of a past event is the latest on or before the anchor, of a coming one the next.
    tense: str | None = None
    latest: date | None = None  # the page's own date, when later than the anchor


class Groups(Protocol):
    """What handlers read from a match: named groups (None when absent)."""

    def __getitem__(self, name: str, /) -> str | None: ...

    def groupdict(self) -> dict[str, str | None]: ...


Handler = Callable[[Groups, Context], EventDate | None]


def required_group(match: Groups, name: str) -> str:
    """A group that the handler's pattern always captures when it matches."""
    value = match[name]
    if value is None:
        # A pattern and its handler disagree: a bug, not an unresolvable date, so it must not
        # be swallowed like the calendar errors (ValueError) the scanner tolerates.
        raise LookupError(f"time pattern matched without group {name!r}")
    return value


# --- calendar helpers ------------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12) or not (1 <= year <= 9999):
        return None
    if not (1 <= day <= _last_day(year, month)):
        return None
    return date(year, month, day)


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def add_months(start: date, months: int) -> date:
    year, month = _shift_months(start.year, start.month, months)
    return date(year, month, min(start.day, _last_day(year, month)))


def _month_span(year: int, month: int) -> EventDate:
    return EventDate(
        date(year, month, 1), date(year, month, _last_day(year, month)), Precision.MONTH
    )


def _month_part_span(year: int, month: int, part: str) -> EventDate:
    last = _last_day(year, month)
    first_day, last_day = {
        "early": (1, 10),
        "mid": (11, 20),
        "late": (21, last),
        "first_half": (1, 15),
        "second_half": (16, last),
    }[_MONTH_PARTS[part]]
    return EventDate(
        date(year, month, first_day), date(year, month, last_day), Precision.MONTH_PART
    )


def _year_span(year: int) -> EventDate:
    return EventDate(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)


def _year_part_span(year: int, part: str | None) -> EventDate:
    if part is None:
        return _year_span(year)
    if part in ("初め", "はじめ", "初頭", "明け"):
        return EventDate(date(year, 1, 1), date(year, 1, 15), Precision.MONTH_PART)
    if part == "末":
        return EventDate(date(year, 12, 1), date(year, 12, 31), Precision.MONTH_PART)
    if part in ("前半", "上半期"):
        return EventDate(date(year, 1, 1), date(year, 6, 30), Precision.RANGE)
    if part in ("後半", "下半期"):
        return EventDate(date(year, 7, 1), date(year, 12, 31), Precision.RANGE)
    if part == "半ば":
        return EventDate(date(year, 6, 1), date(year, 7, 31), Precision.RANGE)
    if part in ("内", "中"):  # 年内, 今年中: within the year
        return _year_span(year)
    if part == "度":  # Japanese fiscal year: April to March
        return EventDate(date(year, 4, 1), date(year + 1, 3, 31), Precision.RANGE)
    raise ValueError(f"unknown part of a year: {part}")


# First month of each season; a season is that month and the next two. Winter starts in
# December, so the winter of year Y ends in February of Y + 1.
_SEASON_START = {"春": 3, "夏": 6, "秋": 9, "冬": 12}


def _season_span(year: int, season: str) -> EventDate:
    first_month = _SEASON_START[season]
    end_year, end_month = _shift_months(year, first_month, 2)
    return EventDate(
        date(year, first_month, 1),
        date(end_year, end_month, _last_day(end_year, end_month)),
        Precision.RANGE,
    )


def _iso_week(day: date, weeks: int) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)
    return monday, monday + timedelta(days=6)


# --- year / month inference ------------------------------------------------------------------


def _explicit_year(match: Groups, suffix: str = "") -> int | None:
    groups = match.groupdict()
    year = groups.get("y" + suffix)
    if year:
        return int(year)
    era = groups.get("era" + suffix)
    if era:
        era_year = required_group(match, "eray" + suffix)  # the regex captures it with the era
        return _ERA_START[era] + (1 if era_year == "元" else int(era_year))
    two_digit_year = groups.get("yy" + suffix)
    if two_digit_year:
        return 2000 + int(two_digit_year)
    return None


_PUBLICATION_LAG = timedelta(days=1)


def _by_tense(candidates: list[date], anchor: date, ctx: Context) -> date:
    """Past: the latest on or before the anchor; future: the first on or after; else nearest."""
    if ctx.tense == "past":
        # An aggregator section's own date may precede what it reports by some days: up to
        # two weeks after it, the page's own date bounds a past event instead.
        latest = ctx.latest if ctx.latest is not None and ctx.latest > anchor else anchor
        before = [c for c in candidates if c <= anchor or (c <= latest and (c - anchor).days <= 14)]
        if before:
            return max(before)
    elif ctx.tense == "future":
        # A page dated in Japan often reports abroad what is set for its own local day, the day
        # before (米ロ代表団は14日に会合を開く予定, published the 15th): a day of slack.
        after = [c for c in candidates if c >= anchor - _PUBLICATION_LAG]
        if after:
            return min(after)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c))


def _infer_month_day(month: int, day: int, ctx: Context) -> date | None:
    """The year for a month-day: on/after a range start, else by tense (see _by_tense)."""
    return _pick_date(lambda base, years: _safe_date(base.year + years, month, day), (0, 1), ctx)


def _infer_month(month: int, ctx: Context) -> tuple[int, int] | None:
    base = ctx.on_or_after or ctx.anchor
    if base is None:
        return None
    if ctx.on_or_after is not None:
        year = base.year if month >= base.month else base.year + 1
        return year, month
    here = base.year * 12 + base.month
    if ctx.tense == "past":
        return (base.year if month <= base.month else base.year - 1), month
    if ctx.tense == "future":
        return (base.year if month >= base.month else base.year + 1), month
    year = min(
        (base.year - 1, base.year, base.year + 1),
        key=lambda y: (abs(y * 12 + month - here), y),
    )
    return year, month


def _infer_day(day: int, ctx: Context) -> date | None:
    """A bare day of the month: on/after a range start, else the nearest month's day."""

    def in_month(base: date, months: int) -> date | None:
        year, month = _shift_months(base.year, base.month, months)
        return _safe_date(year, month, day)

    return _pick_date(in_month, (0, 1, 2), ctx)


def _pick_date(
    candidate: Callable[[date, int], date | None], ahead: tuple[int, ...], ctx: Context
) -> date | None:
    """The date a year or month left out names, by ``candidate(base, steps)``.

    The end of a range: the first candidate on or after its start, ``ahead`` steps from it.
    Otherwise the candidates one step either side of the anchor, chosen by tense.
    """
    if ctx.on_or_after is not None:
        base = ctx.on_or_after
        for steps in ahead:
            found = candidate(base, steps)
            if found is not None and found >= base:
                return found
        return None
    if ctx.anchor is None:
        return None
    anchor = ctx.anchor
    candidates = [c for c in (candidate(anchor, steps) for steps in (-1, 0, 1)) if c is not None]
    if not candidates:
        return None
    return _by_tense(candidates, anchor, ctx)


# --- handlers --------------------------------------------------------------------------------


def _day_span(day: date | None) -> EventDate | None:
    return EventDate(day, day, Precision.DAY) if day is not None else None


def resolve_full_date(match: Groups, ctx: Context) -> EventDate | None:
    year = _explicit_year(match)
    if year is None:
        return None
    return _day_span(
        _safe_date(year, int(required_group(match, "m")), int(required_group(match, "d")))
    )


def resolve_month_day(match: Groups, ctx: Context) -> EventDate | None:
    return _day_span(
        _infer_month_day(int(required_group(match, "m")), int(required_group(match, "d")), ctx)
    )


def resolve_day(match: Groups, ctx: Context) -> EventDate | None:
    return _day_span(_infer_day(int(required_group(match, "d")), ctx))


def resolve_year_month(match: Groups, ctx: Context) -> EventDate | None:
    year, month = _explicit_year(match), int(required_group(match, "m"))
    if year is None or not 1 <= month <= 12:
        return None
    part = match["part"]
    if part:
        return _month_part_span(year, month, part)
    return _month_span(year, month)


def resolve_month(match: Groups, ctx: Context) -> EventDate | None:
    inferred = _infer_month(int(required_group(match, "m")), ctx)
    if inferred is None:
        return None
    year, month = inferred
    part = match["part"]
    if part:
        return _month_part_span(year, month, part)
    return _month_span(year, month)


def resolve_year(match: Groups, ctx: Context) -> EventDate | None:
    year = _explicit_year(match)
    if year is None:
        return None
    return _year_part_span(year, match["ypart"])


def _day_number(match: Groups, suffix: str = "") -> int:
    """The day of a range end, written in digits (``d``) or in kanji (``dk``)."""
    digits = match.groupdict().get("d" + suffix)
    if digits:
        return int(digits)
    return kanji_to_int(required_group(match, "dk" + suffix))


def resolve_explicit_range(match: Groups, ctx: Context) -> EventDate | None:
    """``2月14〜16日``, ``15日から16日``, ``2025年3月23〜25日``, ``2月28日〜3月2日``,
    ``15、16の両日``."""
    year, month, day = _explicit_year(match), match["m"], _day_number(match)
    if year is not None and month is not None:
        first = _safe_date(year, int(month), day)
    elif month is not None:
        first = _infer_month_day(int(month), day, ctx)
    else:
        first = _infer_day(day, ctx)
    if first is None:
        return None
    end_ctx = Context(anchor=ctx.anchor, on_or_after=first)
    end_year, end_month = _explicit_year(match, "2"), match["m2"]
    end_day = _day_number(match, "2")
    if end_year is not None and end_month is not None:
        last = _safe_date(end_year, int(end_month), end_day)
    elif end_month is not None:
        last = _infer_month_day(int(end_month), end_day, end_ctx)
    else:
        last = _infer_day(end_day, end_ctx)
    if last is None or last < first:
        return None
    return EventDate(first, last, Precision.RANGE)


def offset_day(days: int) -> Handler:
    def resolve(match: Groups, ctx: Context) -> EventDate | None:
        if ctx.anchor is None:
            return None
        return _day_span(ctx.anchor + timedelta(days=days))

    return resolve


def resolve_soon(match: Groups, ctx: Context) -> EventDate | None:
    """近く, 近日中, 近いうちに, 数日内: from the anchor on, with no end (ANNOTATION.md)."""
    if ctx.anchor is None:
        return None
    return EventDate(ctx.anchor, None, Precision.AFTER)


def relative_to_last_day(days: int) -> Handler:
    """同日/当日 (0), 前日 (-1), 翌日 (+1): relative to the last day mentioned, else the anchor."""

    def resolve(match: Groups, ctx: Context) -> EventDate | None:
        base = ctx.last_day or ctx.anchor
        if base is None:
            return None
        return _day_span(base + timedelta(days=days))

    return resolve


_WEEK_OFFSETS = {"先々週": -2, "先週": -1, "前週": -1, "今週": 0, "来週": 1, "翌週": 1, "再来週": 2}


def resolve_week(match: Groups, ctx: Context) -> EventDate | None:
    if ctx.anchor is None:
        return None
    word, suffix = required_group(match, "week"), match["wsuffix"]
    if word == "週内":
        word, suffix = "今週", "内"
    if word in ("週末", "週明け"):
        offset = 1 if word == "週明け" else 0
        suffix = "明け" if word == "週明け" else "末"
    else:
        offset = _WEEK_OFFSETS[word]
    monday, sunday = _iso_week(ctx.anchor, offset)
    if suffix == "末":
        return EventDate(monday + timedelta(days=5), sunday, Precision.RANGE)
    if suffix == "明け":
        return EventDate(monday, monday + timedelta(days=2), Precision.RANGE)
    return EventDate(monday, sunday, Precision.RANGE)  # also 今週中, 週内


def resolve_weekday(match: Groups, ctx: Context) -> EventDate | None:
    if ctx.anchor is None:
        return None
    weekday = _WEEKDAYS[required_group(match, "wd")]
    week = match["week"]
    if week:
        monday, _ = _iso_week(ctx.anchor, _WEEK_OFFSETS[week])
        return _day_span(monday + timedelta(days=weekday))
    if ctx.future:
        ahead = (weekday - ctx.anchor.weekday()) % 7 or 7
        return _day_span(ctx.anchor + timedelta(days=ahead))
    back = (ctx.anchor.weekday() - weekday) % 7
    return _day_span(ctx.anchor - timedelta(days=back))


_MONTH_OFFSETS = {"先々月": -2, "先月": -1, "前月": -1, "今月": 0, "当月": 0, "来月": 1, "翌月": 1}
_MONTH_OFFSETS["再来月"] = 2
_MONTH_OFFSETS["同月"] = 0


def _base_point(word: str, ctx: Context) -> date | None:
    """What a relative word counts from: 同月/同年 the date mentioned before, else the anchor."""
    if word.startswith("同"):
        return ctx.last_point or ctx.anchor
    return ctx.anchor


def resolve_relative_month(match: Groups, ctx: Context) -> EventDate | None:
    word = required_group(match, "month")
    base = _base_point(word, ctx)
    if base is None:
        return None
    offset = _MONTH_OFFSETS.get(word, 0)  # bare 月末/月内 speak of the anchor's month
    year, month = _shift_months(base.year, base.month, offset)
    part = match["part"] or match["mpart"]
    if word in ("月末", "月初め", "月初"):
        part = "末" if word == "月末" else "初め"
    if word == "月内":
        part = "内"
    if part in ("中", "内"):  # 今月中, 月内: within the month
        return _month_span(year, month)
    if part:
        return _month_part_span(year, month, part)
    return _month_span(year, month)


def resolve_relative_month_day(match: Groups, ctx: Context) -> EventDate | None:
    """``先月20日``, ``今月19日``, ``同月20日``: a day in a month named relatively."""
    word, day = match["month"], match["d"]
    base = _base_point(word, ctx) if word is not None else None
    if base is None or word is None or day is None:
        return None
    year, month = _shift_months(base.year, base.month, _MONTH_OFFSETS[word])
    return _day_span(_safe_date(year, month, int(day)))


_YEAR_OFFSETS = {
    "一昨年": -2,
    "昨年": -1,
    "去年": -1,
    "前年": -1,
    "今年": 0,
    "本年": 0,
    "来年": 1,
    "翌年": 1,
    "再来年": 2,
    "同年": 0,
}


def resolve_relative_year(match: Groups, ctx: Context) -> EventDate | None:
    word = required_group(match, "rel")  # rel or relnew, one of which always matches
    base = _base_point(word, ctx)
    if base is None:
        return None
    if word in ("年明け", "年始", "年初", "年頭"):
        # In the first quarter 年明け is the January just past; later in the year, the next one.
        year = base.year if base.month <= 3 else base.year + 1
        return EventDate(date(year, 1, 1), date(year, 1, 15), Precision.MONTH_PART)
    if word in ("年末", "年内"):
        return _year_part_span(base.year, word[1])
    return _year_part_span(base.year + _YEAR_OFFSETS[word], match["ypart"])


def resolve_relative_year_date(match: Groups, ctx: Context) -> EventDate | None:
    """``昨年8月``, ``今年2月24日``, ``来年1月中旬``: a month or day in a year named relatively."""
    word = required_group(match, "rel")
    base = _base_point(word, ctx)
    if base is None:
        return None
    year, month = base.year + _YEAR_OFFSETS[word], int(required_group(match, "m"))
    day, part = match["d"], match["part"]
    if day:
        return _day_span(_safe_date(year, month, int(day)))
    if part:
        return _month_part_span(year, month, part)
    return _month_span(year, month)


_SEASON_OFFSETS = {"今": 0, "昨": -1, "来": 1}


def resolve_season(match: Groups, ctx: Context) -> EventDate | None:
    """``今秋``, ``昨冬``, ``来春``, ``2025年秋``, ``今年夏``, ``同年秋``: three-month ranges."""
    season = required_group(match, "season")
    word = match["srel"]
    if word is not None:
        if ctx.anchor is None:
            return None
        year = ctx.anchor.year + _SEASON_OFFSETS[word]
        # 今冬 in January to March is the winter under way, which began the December before.
        if season == "冬" and ctx.anchor.month <= 3:
            year -= 1
        return _season_span(year, season)
    explicit = _explicit_year(match)
    if explicit is not None:
        return _season_span(explicit, season)
    relative = required_group(match, "rel")
    base = _base_point(relative, ctx)
    if base is None:
        return None
    return _season_span(base.year + _YEAR_OFFSETS[relative], season)


def resolve_units_ago(match: Groups, ctx: Context) -> EventDate | None:
    """``3日前``, ``2週間後``, ``1か月前``, ``3年前``."""
    if ctx.anchor is None:
        return None
    amount = int(required_group(match, "n")) * (-1 if match["dir"] == "前" else 1)
    unit = required_group(match, "u")
    if unit == "日":
        return _day_span(ctx.anchor + timedelta(days=amount))
    if unit.startswith("週"):
        return _day_span(ctx.anchor + timedelta(weeks=amount))
    if unit == "年":
        return _year_span(ctx.anchor.year + amount)
    year, month = _shift_months(ctx.anchor.year, ctx.anchor.month, amount)
    return _month_span(year, month)


def resolve_named_anchor(match: Groups, ctx: Context) -> EventDate | None:
    """就任直前 / 就任後 / 侵攻開始 …: fixed events of this domain."""
    if match["event"] == "就任" and ctx.others_inauguration:
        return None
    event = INAUGURATION if match["event"] == "就任" else FULL_INVASION
    relation = match["rel"] or ""
    if relation in ("直前", "前"):
        return EventDate(None, event - timedelta(days=1), Precision.BEFORE)
    if relation in ("直後", "後", "以来", "以降"):
        return EventDate(event, None, Precision.AFTER)
    return _day_span(event)


def duration_months(match: Groups) -> tuple[int, int]:
    """(months, days) of a duration match."""
    if match["halfyear"]:
        return 6, 0
    if match["halfmonth"]:
        return 0, 15
    number = float(required_group(match, "n"))
    unit = required_group(match, "u")
    half = 0.5 if match["half"] else 0.0
    if unit == "年":
        return round((number + half) * 12), 0
    if unit.endswith("月"):
        months = number + half
        return int(months), round((months - int(months)) * 30)
    if unit == "週間":
        return 0, round((number + half) * 7)
    if unit == "時間":
        # The time of day is unknown, so a length in hours reaches into every day it may
        # touch: 72時間 is three days after the start, 12時間 the next day.
        return 0, math.ceil((number + half) / 24)
    return 0, round(number + half)


def resolve_duration(match: Groups, ctx: Context) -> EventDate | None:
    start = ctx.duration_start or ctx.anchor
    if start is None or ctx.duration_start_unknown:
        return None
    months, days = duration_months(match)
    end = add_months(start, months) + timedelta(days=days)
    return EventDate(start, end, Precision.DURATION)


def resolve_anchored_duration(match: Groups, ctx: Context) -> EventDate | None:
    """``就任から100日``, ``侵攻開始から3年``: the duration counts from the named event.

    With 目 the number is an ordinal: ``侵攻開始から4年目`` is the fourth year since the event
    (a ``RANGE``), ``就任から100日目`` its hundredth day, the event's own day being the first.
    """
    if match["event"] == "就任" and ctx.others_inauguration:
        return None
    start = INAUGURATION if match["event"] == "就任" else FULL_INVASION
    if match["ordinal"]:
        number, unit = match["n"], match["u"]
        if number is None or not number.isdigit() or int(number) < 1 or match["half"]:
            return None
        if unit == "日":
            return _day_span(start + timedelta(days=int(number) - 1))
        if unit == "年":
            first = add_months(start, 12 * (int(number) - 1))
            last = add_months(start, 12 * int(number)) - timedelta(days=1)
            return EventDate(first, last, Precision.RANGE)
        return None
    return resolve_duration(match, Context(anchor=start, duration_start=start))


class _GroupView:
    """Presents a match's alternative groups under the names the handlers read."""

    aliases: dict[str, tuple[str, ...]] = {}

    def __init__(self, match: Groups) -> None:
        self._match = match

    def groupdict(self) -> dict[str, str | None]:
        return self._match.groupdict()

    def __getitem__(self, name: str) -> str | None:
        for group in self.aliases.get(name, (name,)):
            value = self._match.groupdict().get(group)
            if value:
                return value
        return None


class RelativeYearMatch(_GroupView):
    aliases = {"rel": ("rel", "relnew"), "ypart": ("ypart",)}


class NamedAnchorMatch(_GroupView):
    aliases = {"event": ("event", "event2"), "rel": ("rel", "rel2", "rel3")}

    def __getitem__(self, name: str) -> str | None:
        value = super().__getitem__(name)
        if name == "event" and value and value != "就任":
            return "侵攻"
        return value


class DurationMatch(_GroupView):
    aliases = {
        "n": ("n", "n1", "n2", "n3", "n4", "n5", "n6", "n7"),
        "u": ("u", "u3"),
        "half": ("half", "h3", "h4", "h6", "h7"),
    }

    def __getitem__(self, name: str) -> str | None:
        value = super().__getitem__(name)
        if name == "u" and value is None:
            groups = self._match.groupdict()
            if groups.get("n1") or groups.get("n2"):
                return "日"
            if groups.get("n4") or groups.get("n5"):
                return "年"
            if groups.get("n6") or groups.get("n7"):
                return "時間"
        return value
