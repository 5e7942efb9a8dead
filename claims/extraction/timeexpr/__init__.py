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

The package is split by concern: :mod:`.patterns` holds the regex vocabulary and the table of
patterns, :mod:`.resolvers` turns a match into an EventDate against the anchor,
:mod:`.clauses` reads the sentence around a mention (its tense, whose 就任, the event a length
counts from) and :mod:`.scanner` finds the mentions of a text, leaves out what is no date and
joins adjacent mentions.
"""

from claims.extraction.timeexpr.scanner import (
    TimeScanner,
    find_time_expressions,
    resolve_time_expression,
)

__all__ = ["TimeScanner", "find_time_expressions", "resolve_time_expression"]
