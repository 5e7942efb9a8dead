"""Find and resolve Japanese time expressions (時間表現) against an anchor date.

Resolution rules, in brief (the tests spell out every case):

- Absolute dates: ``2025年2月12日``, ``2025/02/10``, ``2025-02-10``, ``令和7年`` (era years),
  ``二〇二五年``/``２月１２日`` (after :mod:`numerals` normalisation). A year-only expression is a
  ``YEAR``, a month-only one a ``MONTH``.
- Dates without a year (``2月12日``, ``2月``) take the year that puts them nearest the anchor;
  a bare day (``12日``) takes the nearest month (previous, same or next).
- Parts of months (上旬 1–10, 中旬 11–20, 下旬/末 21–end, 前半 1–15, 後半 16–end) are
  ``MONTH_PART``; ``年明け``/``年初`` are 1–15 January, ``年末`` is December.
- Seasons (``今秋``, ``昨冬``, ``来春``, ``2025年秋``, ``今年夏``, ``同年秋``) are three-month
  ``RANGE``s, like other spans of months (``2025年前半``): spring March–May, summer June–August,
  autumn September–November, winter December–February of the next year. ``今冬`` from January
  to March is the winter under way. ``2025年の春`` stays the year, as the labelled data reads it.
- Ranges (``15〜16日``, ``十五～十六日``, ``2月14日から16日``, ``2月28日〜3月2日``) are ``RANGE``;
  the end is resolved on or after the start. So are two days named together (``15、16の両日``,
  ``15日と16日の両日``). A length written right after a range restates it
  (``8日から10日までの3日間`` is the range). Weeks (先週/今週/来週) are ISO-week ``RANGE``s.
- Open bounds: ``以前``/``まで`` give ``BEFORE`` ending on the last day of the period named,
  ``より前`` ends the day before it, ``4月20日の復活祭までに`` ends on that day;
  ``以降``/``から``/``以来`` give ``AFTER``. Before an event is the day before it
  (``就任直前`` → 2025-01-19, ``侵攻前`` → 2022-02-23).
- Relative days: 昨日/きのう, 一昨日/おととい, 今日/本日/きょう, 明日/あす/あした, 明後日,
  先月20日, 今月19日; a kana form standing alone or after は/も/が (首脳はきのう発表した).
  ``同日``/``同じ日``/``当日`` is the previously mentioned day in the same text (else the
  anchor), ``前日``/``翌日`` the day before/after it. ``同月``/``同年`` are the month or year of
  the last date of any kind mentioned (else the anchor's): ``同月末``, ``同月20日``,
  ``同年9月``, ``同年末``.
- "Within" a period is the period itself: 年内/今年中 ``YEAR``, 月内/今月中 ``MONTH``,
  週内/今週中 the ISO-week ``RANGE``.
- Weekdays (``火曜日``) are the most recent such day on or before the anchor, or the next one
  after it when the rest of the sentence is about the future (予定, 方針, 見通し…).
- Durations (``100日以内``, ``半年``, ``6か月``, ``30日間``, ``3日にわたり``, ``3年を迎える``)
  are ``DURATION`` spans starting at the anchor the text gives: ``Xから`` right before, a named
  event of the domain (就任 = 2025-01-20 Trump's inauguration anywhere in the sentence; 侵攻開始
  から / 侵攻が始まってから = 2022-02-24), otherwise the anchor date itself. A bare ``N年`` is
  a duration only with a cue (3年を迎える, 3年になる, 今後10年は). A bare day number before
  に短縮/に延長 is a length too (``期間を10〜12日に短縮``), and a length given as a range
  (``10〜12日程度``, ``2〜3か月``) counts its upper bound.
- Hours are a ``DURATION`` when they make a day or more (``72時間`` truces, ultimatums) or a
  deadline (``48時間以内``), in whole days: the end is the start plus ``ceil(hours / 24)`` days,
  since the time of day is unknown (``72時間`` → anchor + 3, ``3時間以内`` → anchor + 1). Shorter
  hours say how long a meeting lasted (``4時間半にわたり``) and are no date.
- 就任 of another office holder is not Trump's: a minister or the like as the sentence's
  subject (``メルツ首相は就任後100日で``), anyone right before it (``新首相の就任から``) or
  right after it (``就任直後のメルツ首相は``). Such an expression is found but unresolved
  (directly after a title, ``首相就任後``, it is no expression at all), and so is a length
  counted from it; a length merely in the same sentence counts from the anchor.
- Ordinals count from a named event: ``侵攻開始から4年目`` is the fourth year
  (2025-02-24..2026-02-23, ``RANGE``), ``就任から100日目`` the hundredth day (2025-04-29).
- Not dates: bare numbers, counts (3人, 1000人, 3日連続), ordinals without an event (2日目,
  4年目, 第5日), articles (第五条), comparison bases (前年同期比, 前月比), ``24時間体制``,
  ``一日も早く``.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from claims.extraction.numerals import kanji_to_int, normalise_digits
from claims.extraction.records import EventDate, Precision, TimeMention

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
_FUTURE_CONTEXT = re.compile(
    r"予定|方針|見通し|見込み|計画|意向|調整|する考え|へ[。！!]?$"
    r"|(?:する|行う|開く|開かれる|行われる|会う|訪れる|訪問する|臨む)(?:だろう|でしょう)?[。！!]?$"
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# The clause an expression dates ends where a report of it begins (…18日に行われると発表した,
# …控えるとしていた): its own predicate decides the tense, not the report's.
_REPORT_OF_CLAUSE = re.compile(
    r"(?:(?<=[るたいだうすくぐつぬぶむ])|^)と(?:の見通しを|の考えを|の方針を)?"
    r"(?:し|され|み|述べ|発表|明らか|表明|伝え|報じ|語|話|強調|主張|説明|示し|明言|発言|投稿"
    r"|指摘|述|言|書)|(?<=[るたい])こと(?:で|を|に|が)|(?<=[るたい])との"
)
_FUTURE_CLAUSE = re.compile(
    r"(?:予定|方針|見通し|見込み|計画|意向|考え|構え|用意がある|へ|する|行う|開く|行われる"
    r"|行われます|開催する|会う|訪れる|訪問する|臨む|始まる|迎える|します)(?:だ|です|である)?$"
    r"|よう(?:に)?(?:提案|求め|要請|呼びかけ|呼び掛け|促)|たい|(?:る|う)(?:との)?(?:考え|意向|方針|構え)"
    r"|(?:予定|方針|見通し|計画|意向)(?!され|して|だっ|でし)"
)
_PAST_CLAUSE = re.compile(r"(?:た|だった|ました|でした)$")
_PAST_RIGHT_AFTER = re.compile(
    r"[、，][^、。「」]{0,10}?(?:した|った|れた|ました|いた)(?:ところ|と|、)"
)
_PAST_RELATIVE = re.compile(r"(?<=[しれっいきち])た(?=[\u4e00-\u9fff\u30a0-\u30ff]|、)")
_FUTURE_END = re.compile(_FUTURE_CLAUSE.pattern.split("$")[0] + "$")
_FUTURE_ANYWHERE = re.compile(_FUTURE_CLAUSE.pattern.split("$", 1)[1].lstrip("|"))
_BOUND_WORD = re.compile(r"^(?:まで(?:に)?|以降|以来|から|ごろ|頃|前後)")
_ONCE_PLANNED = re.compile(r"予定(?:だっ|して|され|でし)")
# A new date a plan is moved to is ahead of the move: 3月10日に延期した.
_MOVED_TO = re.compile(r"^(?:に|まで)(?:延期|先送り|変更|前倒し)")
_URL = re.compile(r"https?://[\x21-\x7e]+|www\.[\x21-\x7e]+")

# --- regex fragments (on normalised text: ASCII digits) -------------------------------------
_NOT_AFTER_DIGIT = r"(?<![\d.,/])"
# A cheap first test for the long patterns, so that the scanner skips most positions at once.
_STARTS_A_NUMBER = r"(?=[\d半])"
_STARTS_A_DATE = r"(?=[\d令平〇一二三四五六七八九十])"
_DATE_START = _NOT_AFTER_DIGIT + _STARTS_A_DATE
_YEAR = (
    r"(?:(?P<y>(?:19|20)\d{2})|(?P<era>令和|平成)(?P<eray>\d{1,2}|元)"
    r"|(?P<yy>\d{2})(?=年\d{1,2}月))年"
)
_YEAR2 = (
    r"(?:(?P<y2>(?:19|20)\d{2})|(?P<era2>令和|平成)(?P<eray2>\d{1,2}|元)"
    r"|(?P<yy2>\d{2})(?=年\d{1,2}月))年"
)
_MONTH = r"(?P<m>1[0-2]|0?[1-9])月"
_DAY_NUMBER = r"(?P<d>3[01]|[12]\d|0?[1-9])"
# A day is not a day when it is a length (日間, 日以内) or an idiom (一日も早く).
_DAY_GUARD = r"(?!間|以内|以上|ぶり|あたり|当たり|も早|前後|余り|近く|ほど|程度)"
# After a bare day number (no month): a count (3日連続), an ordinal (2日目) or a length
# (3日にわたり, 10〜12日に短縮). With a month (2月5日に延長) the number stays a date.
_DAY_COUNT_FOLLOWS = r"連続|続き|続け|目|にわた|に短縮|に延長"
_NOT_A_DAY_COUNT = r"(?!" + _DAY_COUNT_FOLLOWS + r")"
# A day written in kanji that normalisation left alone because no unit follows it directly:
# the first day of 十五～十六日 or both days of 十五、十六の両日.
_KANJI_NUMERAL = r"〇一二三四五六七八九十"
_KANJI_DAY = r"(?<![" + _KANJI_NUMERAL + r"百千第])[" + _KANJI_NUMERAL + r"]{1,3}"
_PART = r"(?P<part>上旬|中旬|下旬|初旬|初め|はじめ|始め|初頭|半ば|前半|後半|末|終わり)"
# 中/内 (年内, 今年中) but not 中国, 中東, 内閣…
_WITHIN = r"(?:中|内)(?!国|東|心|止|間|盤|部|央|断|華|閣|戦|政|外|容|陸|側)"
_YEAR_PART = r"(?P<ypart>上半期|下半期|前半|後半|半ば|初め|はじめ|初頭|明け|末|度|" + _WITHIN + ")"
_CONNECTOR = r"\s*(?:〜|~|-|–|—|から)\s*"
_TILDE = r"\s*[〜~\-–—]\s*"
# The lower bound of a length given as a range (10〜12日程度, 2〜3か月): the upper bound counts.
_LENGTH_LOWER_BOUND = r"(?:\d{1,3}(?:\.\d+)?" + _TILDE + r")?"
_DURATION_UNIT = r"(?P<u>年|[かカヶヵケ箇]月|週間|日|時間)"
_DURATION_QUALIFIER = r"(?P<q>間|以内|以上|余り|あまり|近く|ほど|程度|超|弱)"


@dataclass
class _Context:
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


class _Groups(Protocol):
    """What handlers read from a match: named groups (None when absent)."""

    def __getitem__(self, name: str, /) -> str | None: ...

    def groupdict(self) -> dict[str, str | None]: ...


_Handler = Callable[[_Groups, _Context], EventDate | None]


def _group(match: _Groups, name: str) -> str:
    """A group that the handler's pattern always captures when it matches."""
    value = match[name]
    if value is None:
        # A pattern and its handler disagree: a bug, not an unresolvable date, so it must not
        # be swallowed like the calendar errors (ValueError) the scanner tolerates.
        raise LookupError(f"time pattern matched without group {name!r}")
    return value


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    handler: _Handler
    triggers: tuple[str, ...]  # at least one must occur in the text (cheap pre-check)
    kind: str = "point"  # "point" can be a range end or take 以前/以降; also "duration", "open"


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


def _add_months(start: date, months: int) -> date:
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


def _explicit_year(match: _Groups, suffix: str = "") -> int | None:
    groups = match.groupdict()
    year = groups.get("y" + suffix)
    if year:
        return int(year)
    era = groups.get("era" + suffix)
    if era:
        era_year = _group(match, "eray" + suffix)  # the regex captures it with the era
        return _ERA_START[era] + (1 if era_year == "元" else int(era_year))
    two_digit_year = groups.get("yy" + suffix)
    if two_digit_year:
        return 2000 + int(two_digit_year)
    return None


# The kinds whose year or month is inferred (the others carry theirs or count from the anchor).
_TENSE_KINDS = frozenset({"explicit_range", "both_days", "month_day", "month", "day"})


def clause_tense(text: str, position: int, start: int | None = None) -> str | None:
    """``"future"``, ``"past"`` or None for the clause the expression ending at ``position`` dates.

    「Xは3日、…と述べた」: a date set off by a comma dates the sentence's own predicate. Otherwise
    the clause ends where a report of it (…と発表した) or a nominaliser (…ことで合意した) begins.
    A date after a past relative clause (協議が開かれた2月18日) is past.
    """
    if start is not None:
        before = text[_sentence_start(text, start) : start].rstrip()
        if before.endswith("た"):
            return "past"
    rest = _rest_of_sentence(text, position)
    bounded = bool(
        _BOUND_WORD.match(rest)
        or re.match(
            r"\s*[〜~\-–—]|(?:午前|午後)?[0-9０-９]*時?(?:[0-9０-９]+分)?(?:から|まで|以降)", rest
        )
    ) or (start is not None and bool(re.search(r"まで|から|以降|以来|[〜~]", text[start:position])))
    rest = _BOUND_WORD.sub("", rest, count=1)
    if _MOVED_TO.match(rest):
        return "future"
    if rest.startswith(("、", "，")) and _PAST_RIGHT_AFTER.match(rest):
        return "past"  # 30日、明らかにしたところによりますと…
    if rest.startswith(("、", "，")):
        # The sentence's own predicate: only how it ends counts.
        final = rest.rstrip("。．.！!？?」』）) \n")
        if _FUTURE_END.search(final):
            return "future"
        if _PAST_CLAUSE.search(final) and not bounded:
            return "past"
        return None
    else:
        report = _REPORT_OF_CLAUSE.search(rest)
        if report is not None and _PAST_RELATIVE.search(rest, 0, report.start()):
            return "past"  # 11日に実施した協議で…することで合意した: the date's verb is past
        rest = rest[: report.start()] if report else rest
    clause = rest.split("が、")[0].rstrip("。．.！!？?」』）) \n")
    if clause.startswith("の"):  # 7日の会見で…: the date of a thing named, past or unknown
        return "past" if _PAST_CLAUSE.search(clause) and not _FUTURE_CLAUSE.search(clause) else None
    if _ONCE_PLANNED.search(clause):
        return None  # 予定だった: planned then, ahead or behind now
    if _FUTURE_END.search(clause[-16:]) or _FUTURE_ANYWHERE.search(clause):
        return "future"
    if _PAST_CLAUSE.search(clause[-8:]) and not bounded:
        return "past"
    return None


def _by_tense(candidates: list[date], anchor: date, ctx: _Context) -> date:
    """Past: the latest on or before the anchor; future: the first on or after; else nearest."""
    if ctx.tense == "past":
        # An aggregator section's own date may precede what it reports by some days: up to
        # two weeks after it, the page's own date bounds a past event instead.
        latest = ctx.latest if ctx.latest is not None and ctx.latest > anchor else anchor
        before = [c for c in candidates if c <= anchor or (c <= latest and (c - anchor).days <= 14)]
        if before:
            return max(before)
    elif ctx.tense == "future":
        after = [c for c in candidates if c >= anchor]
        if after:
            return min(after)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c))


def _infer_month_day(month: int, day: int, ctx: _Context) -> date | None:
    """The year for a month-day: on/after a range start, else by tense (see _by_tense)."""
    if ctx.on_or_after is not None:
        base = ctx.on_or_after
        for year in (base.year, base.year + 1):
            candidate = _safe_date(year, month, day)
            if candidate is not None and candidate >= base:
                return candidate
        return None
    if ctx.anchor is None:
        return None
    anchor = ctx.anchor
    candidates = [
        c
        for c in (_safe_date(anchor.year + delta, month, day) for delta in (-1, 0, 1))
        if c is not None
    ]
    if not candidates:
        return None
    return _by_tense(candidates, anchor, ctx)


def _infer_month(month: int, ctx: _Context) -> tuple[int, int] | None:
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


def _infer_day(day: int, ctx: _Context) -> date | None:
    """A bare day of the month: on/after a range start, else the nearest month's day."""
    if ctx.on_or_after is not None:
        base = ctx.on_or_after
        for delta in (0, 1, 2):
            year, month = _shift_months(base.year, base.month, delta)
            candidate = _safe_date(year, month, day)
            if candidate is not None and candidate >= base:
                return candidate
        return None
    if ctx.anchor is None:
        return None
    anchor = ctx.anchor
    candidates = []
    for delta in (-1, 0, 1):
        year, month = _shift_months(anchor.year, anchor.month, delta)
        candidate = _safe_date(year, month, day)
        if candidate is not None:
            candidates.append(candidate)
    if not candidates:
        return None
    return _by_tense(candidates, anchor, ctx)


# --- handlers --------------------------------------------------------------------------------


def _day_span(day: date | None) -> EventDate | None:
    return EventDate(day, day, Precision.DAY) if day is not None else None


def _resolve_full_date(match: _Groups, ctx: _Context) -> EventDate | None:
    year = _explicit_year(match)
    if year is None:
        return None
    return _day_span(_safe_date(year, int(_group(match, "m")), int(_group(match, "d"))))


def _resolve_month_day(match: _Groups, ctx: _Context) -> EventDate | None:
    return _day_span(_infer_month_day(int(_group(match, "m")), int(_group(match, "d")), ctx))


def _resolve_day(match: _Groups, ctx: _Context) -> EventDate | None:
    return _day_span(_infer_day(int(_group(match, "d")), ctx))


def _resolve_year_month(match: _Groups, ctx: _Context) -> EventDate | None:
    year, month = _explicit_year(match), int(_group(match, "m"))
    if year is None or not 1 <= month <= 12:
        return None
    part = match["part"]
    if part:
        return _month_part_span(year, month, part)
    return _month_span(year, month)


def _resolve_month(match: _Groups, ctx: _Context) -> EventDate | None:
    inferred = _infer_month(int(_group(match, "m")), ctx)
    if inferred is None:
        return None
    year, month = inferred
    part = match["part"]
    if part:
        return _month_part_span(year, month, part)
    return _month_span(year, month)


def _resolve_year(match: _Groups, ctx: _Context) -> EventDate | None:
    year = _explicit_year(match)
    if year is None:
        return None
    return _year_part_span(year, match["ypart"])


def _day_number(match: _Groups, suffix: str = "") -> int:
    """The day of a range end, written in digits (``d``) or in kanji (``dk``)."""
    digits = match.groupdict().get("d" + suffix)
    if digits:
        return int(digits)
    return kanji_to_int(_group(match, "dk" + suffix))


def _resolve_explicit_range(match: _Groups, ctx: _Context) -> EventDate | None:
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
    end_ctx = _Context(anchor=ctx.anchor, on_or_after=first)
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


def _offset_day(days: int) -> _Handler:
    def resolve(match: _Groups, ctx: _Context) -> EventDate | None:
        if ctx.anchor is None:
            return None
        return _day_span(ctx.anchor + timedelta(days=days))

    return resolve


def _relative_to_last_day(days: int) -> _Handler:
    """同日/当日 (0), 前日 (-1), 翌日 (+1): relative to the last day mentioned, else the anchor."""

    def resolve(match: _Groups, ctx: _Context) -> EventDate | None:
        base = ctx.last_day or ctx.anchor
        if base is None:
            return None
        return _day_span(base + timedelta(days=days))

    return resolve


_WEEK_OFFSETS = {"先々週": -2, "先週": -1, "前週": -1, "今週": 0, "来週": 1, "翌週": 1, "再来週": 2}


def _resolve_week(match: _Groups, ctx: _Context) -> EventDate | None:
    if ctx.anchor is None:
        return None
    word, suffix = _group(match, "week"), match["wsuffix"]
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


def _resolve_weekday(match: _Groups, ctx: _Context) -> EventDate | None:
    if ctx.anchor is None:
        return None
    weekday = _WEEKDAYS[_group(match, "wd")]
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


def _base_point(word: str, ctx: _Context) -> date | None:
    """What a relative word counts from: 同月/同年 the date mentioned before, else the anchor."""
    if word.startswith("同"):
        return ctx.last_point or ctx.anchor
    return ctx.anchor


def _resolve_relative_month(match: _Groups, ctx: _Context) -> EventDate | None:
    word = _group(match, "month")
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


def _resolve_relative_month_day(match: _Groups, ctx: _Context) -> EventDate | None:
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


def _resolve_relative_year(match: _Groups, ctx: _Context) -> EventDate | None:
    word = _group(match, "rel")  # rel or relnew, one of which always matches
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


def _resolve_relative_year_date(match: _Groups, ctx: _Context) -> EventDate | None:
    """``昨年8月``, ``今年2月24日``, ``来年1月中旬``: a month or day in a year named relatively."""
    word = _group(match, "rel")
    base = _base_point(word, ctx)
    if base is None:
        return None
    year, month = base.year + _YEAR_OFFSETS[word], int(_group(match, "m"))
    day, part = match["d"], match["part"]
    if day:
        return _day_span(_safe_date(year, month, int(day)))
    if part:
        return _month_part_span(year, month, part)
    return _month_span(year, month)


_SEASON_OFFSETS = {"今": 0, "昨": -1, "来": 1}


def _resolve_season(match: _Groups, ctx: _Context) -> EventDate | None:
    """``今秋``, ``昨冬``, ``来春``, ``2025年秋``, ``今年夏``, ``同年秋``: three-month ranges."""
    season = _group(match, "season")
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
    relative = _group(match, "rel")
    base = _base_point(relative, ctx)
    if base is None:
        return None
    return _season_span(base.year + _YEAR_OFFSETS[relative], season)


def _resolve_units_ago(match: _Groups, ctx: _Context) -> EventDate | None:
    """``3日前``, ``2週間後``, ``1か月前``, ``3年前``."""
    if ctx.anchor is None:
        return None
    amount = int(_group(match, "n")) * (-1 if match["dir"] == "前" else 1)
    unit = _group(match, "u")
    if unit == "日":
        return _day_span(ctx.anchor + timedelta(days=amount))
    if unit.startswith("週"):
        return _day_span(ctx.anchor + timedelta(weeks=amount))
    if unit == "年":
        return _year_span(ctx.anchor.year + amount)
    year, month = _shift_months(ctx.anchor.year, ctx.anchor.month, amount)
    return _month_span(year, month)


def _resolve_named_anchor(match: _Groups, ctx: _Context) -> EventDate | None:
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


def _duration_months(match: _Groups) -> tuple[int, int]:
    """(months, days) of a duration match."""
    if match["halfyear"]:
        return 6, 0
    if match["halfmonth"]:
        return 0, 15
    number = float(_group(match, "n"))
    unit = _group(match, "u")
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


def _resolve_duration(match: _Groups, ctx: _Context) -> EventDate | None:
    start = ctx.duration_start or ctx.anchor
    if start is None or ctx.duration_start_unknown:
        return None
    months, days = _duration_months(match)
    end = _add_months(start, months) + timedelta(days=days)
    return EventDate(start, end, Precision.DURATION)


def _resolve_anchored_duration(match: _Groups, ctx: _Context) -> EventDate | None:
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
            first = _add_months(start, 12 * (int(number) - 1))
            last = _add_months(start, 12 * int(number)) - timedelta(days=1)
            return EventDate(first, last, Precision.RANGE)
        return None
    return _resolve_duration(match, _Context(anchor=start, duration_start=start))


# --- the pattern table -----------------------------------------------------------------------

_DURATION_BODY = (
    r"(?:(?P<halfyear>半年)|(?P<halfmonth>半月)"
    r"|(?P<n>\d+(?:\.\d+)?)" + _DURATION_UNIT + r"(?P<half>半)?)"
)
# 就任 of somebody else (首相就任, 長官に就任) is not Trump's inauguration.
_NOT_OTHER_OFFICE = (
    r"(?<!首相)(?<!相に)(?<!相の)(?<!長官)(?<!官に)(?<!官の)(?<!総長)(?<!特使)(?<!使に)"
    r"(?<!大臣)(?<!臣に)(?<!議長)(?<!長に)(?<!首相が)"
)
_EVENT = r"(?P<event>就任|(?:全面)?(?:侵攻|侵略))"
# 前年同期比, 前月比, 同年代: a comparison base or an age group, not a period.
_NOT_COMPARISON = r"(?!度?(?:同期|同月|同時期|比|並)|代|齢)"
# Range ends that are counts or lengths; にわたり is left out because 1日から3日にわたり is
# a range of days.
_RANGE_LENGTH_FOLLOWS = r"に短縮|に延長"
_RELATIVE_YEARS = r"一昨年|昨年|去年|前年|今年|本年|来年|翌年|再来年|同年"
# 同月 after a year is 前年同月 (the same month a year before, a comparison base).
_RELATIVE_MONTHS = r"先々月|先月|前月|今月|当月|来月|翌月|再来月|(?<!年)同月"
_SEASON = r"(?P<season>春|夏|秋|冬)(?![田葉闘分至眠日目秋])"  # not 秋田, 春闘, 冬至…
# Two days named together (15、16の両日, 15日と16日の両日), in digits or kanji.
_BOTH_DAYS = (
    _DATE_START
    + r"(?:"
    + _YEAR
    + r")?(?:"
    + _MONTH
    + r")?(?:"
    + _DAY_NUMBER
    + r"|(?P<dk>"
    + _KANJI_DAY
    + r"))日?\s*(?:、|,|・|と)\s*(?:(?P<m2>1[0-2]|0?[1-9])月)?"
    + r"(?:(?P<d2>3[01]|[12]\d|0?[1-9])|(?P<dk2>"
    + _KANJI_DAY
    + r"))日?の?両日"
)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# A day word in kana (きょう, あす…) stands alone: at the start of a word or after a topic or
# subject particle (首脳はきょう), and before a particle or anything not kana (きょう午後,
# きのう発表した). Inside longer kana words it is something else: ききょう, きょうだい, きょうと.
_KANA_DAY_BEFORE = r"(?:(?<![ぁ-ん])|(?<=[はもが]))"
_KANA_DAY_AFTER = r"(?=[はにのもまでや]|から|[^ぁ-ん]|$)"  # not か alone: あすか, きょうかい


def _kana_day(words: str) -> str:
    return _KANA_DAY_BEFORE + r"(?:" + words + r")" + _KANA_DAY_AFTER


_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(
        "explicit_range",
        _compile(
            _DATE_START
            + r"(?:"
            + _YEAR
            + r")?(?:"
            + _MONTH
            + r")?(?:"
            + _DAY_NUMBER
            + r"日?"
            + _CONNECTOR
            + r"|(?P<dk>"
            + _KANJI_DAY
            + r")"
            + _TILDE
            + r")(?:"
            + _YEAR2
            + r")?(?:(?P<m2>1[0-2]|0?[1-9])月)?(?P<d2>3[01]|[12]\d|0?[1-9])日"
            + _DAY_GUARD
            # A count (2月10日から3日連続, 3日目) is never a range end; without a month,
            # 10〜12日に短縮 is a length, while 2月10〜12日に延長 stays a range.
            + r"(?!連続|目)(?(m)|(?!"
            + _RANGE_LENGTH_FOLLOWS
            + r"))"
            + r"(?:まで|にかけて)?"
        ),
        _resolve_explicit_range,
        ("日",),
        kind="range",
    ),
    _Pattern("both_days", _compile(_BOTH_DAYS), _resolve_explicit_range, ("両日",), kind="range"),
    _Pattern(
        "full_date",
        _compile(_DATE_START + _YEAR + _MONTH + _DAY_NUMBER + "日" + _DAY_GUARD),
        _resolve_full_date,
        ("年",),
    ),
    _Pattern(
        "numeric_date",
        _compile(
            r"(?<![\d/.\-])(?P<y>(?:19|20)\d{2})(?P<sep>[/.\-])(?P<m>1[0-2]|0?[1-9])"
            r"(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/.\-])"
        ),
        _resolve_full_date,
        ("/", "-", "."),
    ),
    _Pattern(
        "year_month",
        _compile(_DATE_START + _YEAR + _MONTH + r"(?!\d)" + _PART + r"?"),
        _resolve_year_month,
        ("年",),
    ),
    _Pattern(
        "year",
        _compile(_DATE_START + _YEAR + r"(?!\d)" + _YEAR_PART + r"?"),
        _resolve_year,
        ("年",),
    ),
    _Pattern(
        "month_day",
        _compile(_DATE_START + _MONTH + _DAY_NUMBER + "日" + _DAY_GUARD),
        _resolve_month_day,
        ("月",),
    ),
    _Pattern(
        "month",
        _compile(_DATE_START + _MONTH + r"(?!\d|間)" + _PART + r"?"),
        _resolve_month,
        ("月",),
    ),
    _Pattern(
        "day",
        _compile(
            r"(?<![\d.,/第])" + _DAY_NUMBER + "日" + _DAY_GUARD + _NOT_A_DAY_COUNT + r"(?![前後])"
        ),
        _resolve_day,
        ("日",),
    ),
    _Pattern(
        "month_relative_day",
        _compile(r"(?P<month>" + _RELATIVE_MONTHS + r")" + _DAY_NUMBER + "日" + _DAY_GUARD),
        _resolve_relative_month_day,
        ("月",),
    ),
    _Pattern(
        "weekday",
        _compile(
            r"(?:(?P<week>先々週|先週|前週|今週|来週|翌週|再来週)の?)?(?<!\d)"
            r"(?P<wd>[月火水木金土日])曜日?"
        ),
        _resolve_weekday,
        ("曜",),
    ),
    _Pattern(
        "day_before_yesterday",
        _compile(r"一昨日|" + _kana_day("おととい")),
        _offset_day(-2),
        ("昨", "おと"),
    ),
    _Pattern(
        "yesterday",
        _compile(r"(?<!一)昨日|" + _kana_day("きのう")),
        _offset_day(-1),
        ("昨", "きの"),
    ),
    _Pattern(
        "just_now",
        _compile(r"(?:つい)?(?:さきほど|先ほど|先程)"),
        _offset_day(0),
        ("さき", "先ほ", "先程", "つい"),
    ),
    _Pattern(
        "today",
        _compile(r"今日|本日|" + _kana_day("きょう")),
        _offset_day(0),
        ("今日", "本日", "きょう"),
    ),
    _Pattern(
        "tomorrow",
        _compile(r"明日(?!本)|" + _kana_day("あす|あした")),
        _offset_day(1),
        ("明日", "あす", "あした"),
    ),
    _Pattern(
        "day_after_tomorrow",
        _compile(r"明後日|" + _kana_day("あさって")),
        _offset_day(2),
        ("明後", "あさ"),
    ),
    _Pattern(
        "same_day",
        _compile(r"同日|当日|同じ日"),
        _relative_to_last_day(0),
        ("同日", "当日", "同じ日"),
    ),
    _Pattern("previous_day", _compile(r"前日"), _relative_to_last_day(-1), ("前日",)),
    _Pattern("next_day", _compile(r"翌日"), _relative_to_last_day(1), ("翌日",)),
    _Pattern(
        "week",
        _compile(
            r"(?P<week>先々週|先週|前週|今週|来週|翌週|再来週|週末|週明け|週内)(?P<wsuffix>末|"
            + _WITHIN
            + r")?"
        ),
        _resolve_week,
        ("週",),
    ),
    _Pattern(
        "relative_month",
        _compile(
            r"(?P<month>"
            + _RELATIVE_MONTHS
            + r"|月末|月初め|月初|月内)(?!比)"
            + r"(?:"
            + _PART
            + r"|(?P<mpart>"
            + _WITHIN
            + r"))?"
        ),
        _resolve_relative_month,
        ("月",),
    ),
    _Pattern(
        "relative_year",
        _compile(
            r"(?<!\d)(?:(?P<rel>"
            + _RELATIVE_YEARS
            + r")"
            + _NOT_COMPARISON
            + _YEAR_PART
            + r"?|(?P<relnew>年明け|年始|年初|年頭|年末|年内))"
        ),
        lambda m, ctx: _resolve_relative_year(_RelativeYearMatch(m), ctx),
        ("年",),
    ),
    _Pattern(
        "relative_year_date",
        _compile(
            r"(?<!\d)(?P<rel>"
            + _RELATIVE_YEARS
            + r")の?"
            + _MONTH
            + r"(?:"
            + _DAY_NUMBER
            + "日"
            + _DAY_GUARD
            + r"|(?!\d|間)"
            + _PART
            + r"?)"
        ),
        _resolve_relative_year_date,
        ("年",),
    ),
    _Pattern(
        "season",
        _compile(
            # 2025年秋 but not 2025年の春, which the labelled data reads as the year.
            r"(?:(?<![\u4e00-\u9fff々])(?P<srel>今|昨|来)|"
            + _DATE_START
            + _YEAR
            + r"|(?<!\d)(?P<rel>"
            + _RELATIVE_YEARS
            + r"))"
            + _SEASON
        ),
        _resolve_season,
        ("春", "夏", "秋", "冬"),
    ),
    _Pattern(
        "units_ago",
        _compile(
            r"(?<![\d.])(?P<n>\d{1,3})(?P<u>日|週間|[かカヶヵケ箇]月|(?<!\d\d\d)年)(?P<dir>前|後)"
            r"(?!後|半)"
        ),
        _resolve_units_ago,
        ("前", "後"),
    ),
    _Pattern(
        "named_anchor",
        _compile(
            _NOT_OTHER_OFFICE
            + r"(?:(?P<event>就任)(?P<rel>直前|直後|前|後|以来|以降|初日|当日|式)"
            + r"|(?P<event2>(?:全面)?(?:侵攻|侵略))(?:(?:開始)(?P<rel2>直前|直後|前|後|以来|以降)?"
            + r"|(?P<rel3>直前|直後|前|以来|以降)))"
        ),
        lambda m, ctx: _resolve_named_anchor(_NamedAnchorMatch(m), ctx),
        ("就任", "侵攻", "侵略"),
        kind="open",
    ),
    _Pattern(
        "anchored_duration",
        _compile(
            _NOT_OTHER_OFFICE
            + _EVENT
            + r"(?:開始)?(?:から|以来|後)(?:約|およそ|ほぼ)?"
            + _DURATION_BODY
            + r"(?:(?P<ordinal>目)|"
            + _DURATION_QUALIFIER
            + r"?)"
        ),
        _resolve_anchored_duration,
        ("就任", "侵攻", "侵略"),
        kind="duration",
    ),
    _Pattern(
        "duration",
        _compile(
            r"(?<![\d.])"
            + _STARTS_A_NUMBER
            + r"(?:"
            # 日: a length only with a qualifier (30日間, 100日以内, 3日にわたり, 10〜12日に
            # 短縮) or when it cannot be a day.
            + _LENGTH_LOWER_BOUND
            + r"(?P<n1>\d+(?:\.\d+)?)日(?P<q1>間|以内|以上|余り|近く|ほど|程度|(?=にわた|に短縮|に延長))"
            r"|(?P<n2>3[2-9]|[4-9]\d|\d{3,})日(?![前後]|連続|続|目|体制|態勢)"
            # か月/週間: always a length.
            r"|"
            + _LENGTH_LOWER_BOUND
            + r"(?P<n3>\d+(?:\.\d+)?)(?P<u3>[かカヶヵケ箇]月|週間)(?P<h3>半)?"
            r"(?P<q3>間|以内|以上|余り|あまり|近く|ほど|程度|超|弱)?(?![前後])"
            # 年: a length with a qualifier, or before 迎える/経つ… (3年を迎える); 4年目 is
            # an ordinal.
            r"|"
            + _LENGTH_LOWER_BOUND
            + r"(?P<n4>\d{1,2})年(?P<h4>半)?(?:(?P<q4>間|以内|以上|余り|近く|ほど|程度|超)"
            r"|(?=を迎|が経|が過|経過|にわた|続|越し|の歳月|もの間|にな|とな|に達))"
            r"|(?<=今後)(?P<n5>\d{1,2})年(?=は|の間|間|で)"
            r"|(?P<halfyear>半年)(?P<q5>間|以内|以上|余り|ほど|程度)?"
            r"|(?P<halfmonth>半月)"
            # 時間: a truce or an ultimatum of a day or more (72時間), or a deadline (3時間
            # 以内); not how long a meeting lasted (4時間半にわたり) nor 24時間体制.
            r"|" + _LENGTH_LOWER_BOUND + r"(?P<n6>2[4-9]|[3-9]\d|\d{3})時間(?P<h6>半)?"
            r"(?:間|以内|以上|余り|あまり|近く|ほど|程度|超|弱)?(?!体制|態勢|稼働|営業|監視|365|[前後])"
            r"|(?P<n7>\d{1,2})時間(?P<h7>半)?以内"
            r")"
        ),
        lambda m, ctx: _resolve_duration(_DurationMatch(m), ctx),
        ("日", "月", "週", "年", "時間"),
        kind="duration",
    ),
)


class _GroupView:
    """Presents a match's alternative groups under the names the handlers read."""

    aliases: dict[str, tuple[str, ...]] = {}

    def __init__(self, match: _Groups) -> None:
        self._match = match

    def groupdict(self) -> dict[str, str | None]:
        return self._match.groupdict()

    def __getitem__(self, name: str) -> str | None:
        for group in self.aliases.get(name, (name,)):
            value = self._match.groupdict().get(group)
            if value:
                return value
        return None


class _RelativeYearMatch(_GroupView):
    aliases = {"rel": ("rel", "relnew"), "ypart": ("ypart",)}


class _NamedAnchorMatch(_GroupView):
    aliases = {"event": ("event", "event2"), "rel": ("rel", "rel2", "rel3")}

    def __getitem__(self, name: str) -> str | None:
        value = super().__getitem__(name)
        if name == "event" and value and value != "就任":
            return "侵攻"
        return value


class _DurationMatch(_GroupView):
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


# Open bounds written after a date: 2014年以前, 2月末まで, 12日以降, 2022年から.
_OPEN_SUFFIX_WORDS = r"(?P<bound>以前|以降|以来|までに|まで|より前|より後|前まで|から(?!\s*\d))"
# A time of day between a date and what joins it (19日夕方から21日未明まで) or the length
# counted from it (8日午前0時から72時間).
_TIME_OF_DAY = r"(?:の)?(?:午前|午後|早朝|朝|昼|正午|夕方|夕|夜間|深夜|夜|未明)?(?:\d{1,2}時(?:\d{1,2}分|半)?)?"
_FROM_DURATION = re.compile(
    _TIME_OF_DAY + r"から(?:約|およそ|ほぼ)?"
    r"(?:(?P<halfyear>半年)|(?P<halfmonth>半月)|(?P<n>\d+(?:\.\d+)?)"
    + _DURATION_UNIT
    + r"(?P<half>半)?)"
    + _DURATION_QUALIFIER
    + r"?"
)


def _names_a_year(counted: re.Match[str]) -> bool:
    """Whether a "から N年" match is really a calendar year (four digits), not a length."""
    number = counted.group("n")
    return counted.group("u") == "年" and number is not None and len(number) == 4


def _names_a_day_or_hours(counted: re.Match[str]) -> bool:
    """Whether a "から N日/N時間" match is not a length counted from the date before it.

    A bare day number is the other end of a range (19日夕方から21日未明まで); hours under a
    day are how long something lasted within the day it started (12日午後から2時間), so the
    day stays a day. A deadline (3時間以内) and a qualified length (30日間) still count.
    """
    number, unit, qualifier = counted.group("n"), counted.group("u"), counted.group("q")
    if number is None:
        return False
    if unit == "日":
        return qualifier is None and float(number) <= 31
    return unit == "時間" and float(number) < 24 and qualifier != "以内"


_RANGE_JOIN = re.compile(_TIME_OF_DAY + _CONNECTOR)
# 4月20日の復活祭までに: まで after a short noun that the date names.
_OPEN_SUFFIX = re.compile(
    # 4月20日の復活祭までに, 2月28日の会談以来: the event named on that day bounds it
    _TIME_OF_DAY + r"(?:の[^\s\d、。のをがはにでと]{1,8}?(?=まで|以来))?" + _OPEN_SUFFIX_WORDS
)
_RANGE_TAIL = re.compile(_TIME_OF_DAY + r"(?:まで|にかけて)")
# For a free-standing duration: the event a sentence counts from.
_SENTENCE_EVENT_FROM = re.compile(
    r"(就任|侵攻|侵略)(?:開始|が始まって|が始まった|を始めて|して)?(?:から|以来)"
)
_SENTENCE_INAUGURATION = re.compile(_NOT_OTHER_OFFICE + r"就任")
# Whose 就任. Heads of government, ministers and the like have inaugurations of their own
# that the news reports, so one named as the subject of the sentence (メルツ首相は就任後) is
# the one taking office. Envoys and aides (ケロッグ特使は、就任から100日以内に…) usually
# speak of Trump's, so they count only right next to 就任. 真相/様相/世相/手相 are no
# ministers.
_HEAD_OF_OFFICE_TITLE = (
    r"(?<![真様世手])相|長官|大臣|議長|総長|委員長|書記長|総裁|知事|市長|教皇|国王"
)
_AIDE_TITLE = r"特使|補佐官|報道官|次官|高官|司令官|大使|局長"
_OFFICE_HOLDER = re.compile(
    r"(?:(?P<trump>トランプ(?:氏|大統領)?|大統領)|(?P<head>"
    + _HEAD_OF_OFFICE_TITLE
    + r")|(?P<aide>"
    + _AIDE_TITLE
    + r"))(?P<particle>は|が|も|として|の|に|へ)?"
)
_SUBJECT_PARTICLES = ("は", "が", "も", "として")
_NEAR_HOLDER_GAP = 6  # 新首相の正式な就任: a possessive or goal a few characters before
# The holder named after 就任: 就任直後のメルツ首相は, 就任したばかりのルビオ国務長官が.
_OFFICE_HOLDER_AFTER = re.compile(
    r"(?:した|して)?(?:ばかり|間もない|まもない|早々|直後|後)?の(?:新)?[ァ-ヶー・]*[一-龥]{0,3}?"
    r"(?:" + _HEAD_OF_OFFICE_TITLE + r"|" + _AIDE_TITLE + r")(?:は|が|も|、)"
)


@dataclass
class _Found:
    start: int  # in normalised text
    end: int
    pattern: _Pattern
    match: _Groups
    date: EventDate | None = None
    kind: str = "point"


def _pick_longest(found: list[_Found]) -> list[_Found]:
    """Leftmost-longest, non-overlapping selection; ties go to the earlier pattern."""
    ranked = sorted(
        found, key=lambda f: (-(f.end - f.start), _PATTERN_ORDER[f.pattern.name], f.start)
    )
    taken: list[_Found] = []
    occupied: list[tuple[int, int]] = []
    for item in ranked:
        if any(item.start < end and start < item.end for start, end in occupied):
            continue
        taken.append(item)
        occupied.append((item.start, item.end))
    return sorted(taken, key=lambda f: f.start)


class TimeScanner:
    """Finds time expressions; remembers the last day mentioned across calls (for 同日)."""

    def __init__(self) -> None:
        self.last_day: date | None = None
        self.last_point: date | None = None
        self.latest: date | None = None

    def scan(
        self,
        text: str,
        anchor: date | None,
        start: int = 0,
        end: int | None = None,
        latest: date | None = None,
    ) -> list[TimeMention]:
        """Time mentions in ``text[start:end]`` with offsets into ``text``.

        ``latest`` is the page's own date when a section's date anchors the text: an event told
        as past is on or before the later of the two.
        """
        self.latest = latest
        end = len(text) if end is None else end
        segment = text[start:end]
        normalised = normalise_digits(segment)
        found = _find_all(normalised.text)
        if not found:
            return []
        mentions: list[TimeMention] = []
        for item in self._resolve(normalised.text, found, anchor):
            seg_start, seg_end = normalised.original_span(item.start, item.end)
            mentions.append(
                TimeMention(
                    expression=segment[seg_start:seg_end],
                    start=start + seg_start,
                    end=start + seg_end,
                    date=item.date,
                )
            )
        return mentions

    def _resolve(self, text: str, found: list[_Found], anchor: date | None) -> list[_Found]:
        resolved: list[_Found] = []
        index = 0
        while index < len(found):
            item = found[index]
            ctx = _Context(
                anchor=anchor,
                last_day=self.last_day,
                last_point=self.last_point,
                latest=self.latest,
            )
            ctx.future = bool(_FUTURE_CONTEXT.search(_rest_of_sentence(text, item.end)))
            if item.pattern.name in _TENSE_KINDS:
                ctx.tense = clause_tense(text, item.end, item.start)
            if item.pattern.kind == "duration":
                ctx.duration_start, ctx.duration_start_unknown = _sentence_event(text, item.start)
            inauguration = text.find("就任", item.start, item.end)
            if inauguration >= 0:
                ctx.others_inauguration = _someone_elses_inauguration(text, inauguration)
            item.kind = item.pattern.kind
            following = found[index + 1] if index + 1 < len(found) else None
            try:
                item.date = item.pattern.handler(item.match, ctx)
                consumed = self._join(text, item, following, ctx)
            except (OverflowError, ValueError):
                # Calendar arithmetic left the representable years (anchor near 1 or 9999):
                # the expression is found but cannot be resolved.
                item.date, consumed = None, 0
            if item.kind == "range":
                after = index + 1 + consumed
                consumed += _absorb_range_length(
                    text, item, found[after] if after < len(found) else None
                )
            self._remember(item.date)
            resolved.append(item)
            index += 1 + consumed
        return resolved

    def _remember(self, event_date: EventDate | None) -> None:
        """Keep the day (for 同日) and the date of any kind (for 同月/同年) just mentioned."""
        if event_date is None or event_date.precision is Precision.DURATION:
            return  # a length counted from the anchor is no new point of reference
        if event_date.precision is Precision.DAY:
            self.last_day = event_date.start
        self.last_point = event_date.start or event_date.end

    def _join(self, text: str, item: _Found, following: _Found | None, ctx: _Context) -> int:
        """Extend ``item`` into a range, an open bound or a counted duration.

        Returns how many following matches were absorbed (0 or 1).
        """
        if item.kind != "point" or item.date is None:
            return 0
        base = item.date
        start = base.start
        if start is None:
            return 0
        # 2月12日から30日間: a duration counted from the date.
        counted = _FROM_DURATION.match(text, item.end)
        if counted is not None and _names_a_year(counted):
            counted = None  # 2022年から2024年: a second date, so a range, not a length
        if counted is not None and _names_a_day_or_hours(counted):
            counted = None
        if counted is not None:
            months, days = _duration_months(_DurationMatch(counted))
            end = _add_months(start, months) + timedelta(days=days)
            item.date = EventDate(start, end, Precision.DURATION)
            absorbed = 1 if following is not None and following.start < counted.end() else 0
            item.end = max(counted.end(), following.end if absorbed and following else 0)
            item.kind = "duration"
            return absorbed
        # 2月〜3月, 2月14日〜3月2日: two points joined into a range.
        joint = _RANGE_JOIN.match(text, item.end)
        if (
            joint is not None
            and following is not None
            and following.start == joint.end()
            and following.pattern.kind == "point"
        ):
            end_ctx = _Context(anchor=ctx.anchor, on_or_after=start)
            last = following.pattern.handler(following.match, end_ctx)
            if last is not None and last.end is not None and last.end >= start:
                item.date = EventDate(start, last.end, Precision.RANGE)
                tail = _RANGE_TAIL.match(text, following.end)
                item.end = tail.end() if tail else following.end
                item.kind = "range"
                return 1
        # 2014年以前, 2月末まで, 12日以降.
        bound = _OPEN_SUFFIX.match(text, item.end)
        if bound is not None and (following is None or following.start >= bound.end()):
            word = bound["bound"]
            if word in ("以前", "まで", "までに"):
                item.date = EventDate(None, base.end, Precision.BEFORE)
            elif word in ("より前", "前まで"):
                item.date = EventDate(None, start - timedelta(days=1), Precision.BEFORE)
            elif word == "より後" and base.end is not None:
                item.date = EventDate(base.end + timedelta(days=1), None, Precision.AFTER)
            else:
                item.date = EventDate(start, None, Precision.AFTER)
            item.end = bound.end()
            item.kind = "open"
        return 0


_ALL_TRIGGERS = frozenset(trigger for pattern in _PATTERNS for trigger in pattern.triggers)
_PATTERN_ORDER = {pattern.name: index for index, pattern in enumerate(_PATTERNS)}


def _find_all(text: str) -> list[_Found]:
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)] if "/" in text else []
    found: list[_Found] = []
    present = {trigger for trigger in _ALL_TRIGGERS if trigger in text}
    for pattern in _PATTERNS:
        if present.isdisjoint(pattern.triggers):
            continue
        for match in pattern.regex.finditer(text):
            if match.start() == match.end():
                continue
            if any(match.start() < u_end and u_start < match.end() for u_start, u_end in urls):
                continue
            found.append(_Found(match.start(), match.end(), pattern, match))
    return _pick_longest(found) if found else []


# Between a range and its length: 8日から10日までの3日間.
_RANGE_LENGTH_GAP = re.compile(r"の?(?:約|およそ|計)?")


def _absorb_range_length(text: str, item: _Found, following: _Found | None) -> int:
    """Take a length written right after a range into it (8日から10日までの3日間).

    The length only restates the range, so it neither becomes a date of its own nor
    replaces the range; returns how many matches were absorbed (0 or 1).
    """
    if following is None or following.pattern.name != "duration":
        return 0
    if _RANGE_LENGTH_GAP.fullmatch(text, item.end, following.start) is None:
        return 0
    item.end = following.end
    return 1


def _rest_of_sentence(text: str, position: int) -> str:
    boundary = _SENTENCE_END.search(text, position)
    return text[position : boundary.end() if boundary else len(text)]


def _sentence_start(text: str, position: int) -> int:
    return max(text.rfind(ch, 0, position) for ch in "。！？!?\n") + 1


def _sentence_end(text: str, position: int) -> int:
    boundary = _SENTENCE_END.search(text, position)
    return boundary.end() if boundary else len(text)


def _someone_elses_inauguration(text: str, position: int) -> bool:
    """Whether the 就任 at ``position`` is another office holder's rather than Trump's.

    The holder is the last one named before it in the sentence: a head of government or
    minister as the subject anywhere before it, anyone in a possessive or goal a few
    characters before it in the same clause, or right before it; or one named right after
    (就任直後のメルツ首相は). A president, or nobody, is taken to be Trump: that is what 就任
    means in this domain, and so is any 就任 in a sentence that names Trump.
    """
    sentence = text[_sentence_start(text, position) : _sentence_end(text, position)]
    if "トランプ" in sentence:
        return False  # ラブロフ外相は、就任から100日以内にとしたトランプ氏の公約を…
    if _OFFICE_HOLDER_AFTER.match(text, position + len("就任")):
        return True
    holder: re.Match[str] | None = None
    for match in _OFFICE_HOLDER.finditer(text, _sentence_start(text, position), position):
        if match["particle"] in _SUBJECT_PARTICLES and not match["aide"]:
            attached = True
        else:
            gap = text[match.end() : position]
            attached = len(gap) <= _NEAR_HOLDER_GAP and "、" not in gap
            if match["particle"] is None:
                attached = not gap
        if attached:
            holder = match
    return holder is not None and holder["trump"] is None


def _sentence_event(text: str, position: int) -> tuple[date | None, bool]:
    """The named event a free-standing duration counts from, if its sentence names one.

    The flag is set when the duration is linked (から, 以来) to an event the engine cannot
    date, another office holder's 就任: the length is then left unplaced.
    """
    sentence_start = _sentence_start(text, position)
    before = text[sentence_start:position]
    linked = list(_SENTENCE_EVENT_FROM.finditer(before))
    if linked:
        event = linked[-1]
        if event.group(1) != "就任":
            return FULL_INVASION, False
        if _someone_elses_inauguration(text, sentence_start + event.start()):
            return None, True
        return INAUGURATION, False
    for inauguration in _SENTENCE_INAUGURATION.finditer(text, sentence_start, position):
        if not _someone_elses_inauguration(text, inauguration.start()):
            return INAUGURATION, False
    return None, False


def find_time_expressions(text: str, anchor: date | None) -> list[TimeMention]:
    """All time expressions in ``text``, in order, resolved against ``anchor``.

    ``anchor`` is the date relative expressions count from (usually the publication
    date); without it only expressions that carry their own year resolve.
    """
    return TimeScanner().scan(text, anchor)


def resolve_time_expression(expression: str, anchor: date) -> EventDate | None:
    """Resolve one time expression on its own; None when it is not (or not only) a date."""
    mentions = find_time_expressions(expression, anchor)
    if not mentions:
        return None
    longest = max(mentions, key=lambda m: m.end - m.start)
    return longest.date
