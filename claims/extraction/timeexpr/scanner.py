"""Finding the time mentions of a text: matching the table, leaving out what is no date, taking
the longest matches, dating each one in its sentence and joining it with what follows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from claims.extraction.numerals import normalise_digits
from claims.extraction.records import EventDate, Precision, TimeMention
from claims.extraction.timeexpr.clauses import (
    clause_tense,
    future_follows,
    sentence_event,
    someone_elses_inauguration,
)
from claims.extraction.timeexpr.patterns import (
    ALL_TRIGGERS,
    FROM_DURATION,
    OPEN_SUFFIX,
    PATTERN_ORDER,
    PATTERNS,
    RANGE_JOIN,
    RANGE_LENGTH_GAP,
    RANGE_TAIL,
    TENSE_KINDS,
    TimePattern,
)
from claims.extraction.timeexpr.resolvers import (
    Context,
    DurationMatch,
    Groups,
    add_months,
    duration_months,
)

# --- finding: every pattern's matches, less what is no date, the longest first ---------------

_URL = re.compile(r"https?://[\x21-\x7e]+|www\.[\x21-\x7e]+")


@dataclass(slots=True)
class _Found:
    start: int  # in normalised text
    end: int
    pattern: TimePattern
    match: Groups
    date: EventDate | None = None
    kind: str = "point"


# Each trigger with the patterns it wakes (indices into PATTERNS), by its first character: a
# sentence looks only at the triggers whose first character it holds, and tries only the
# patterns they wake.
_PATTERNS_BY_TRIGGER: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
for _trigger in sorted(ALL_TRIGGERS):
    _PATTERNS_BY_TRIGGER.setdefault(_trigger[0], []).append(
        (_trigger, tuple(i for i, p in enumerate(PATTERNS) if _trigger in p.triggers))
    )
_TRIGGER_FIRSTS = frozenset(_PATTERNS_BY_TRIGGER)


def _find_all(text: str) -> list[_Found]:
    """The matches of every pattern whose trigger occurs, outside URLs, longest first."""
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)] if "/" in text else []
    found: list[_Found] = []
    wanted: set[int] = set()
    for first in _TRIGGER_FIRSTS.intersection(text):
        for trigger, indices in _PATTERNS_BY_TRIGGER[first]:
            if trigger in text:
                wanted.update(indices)
    for index in sorted(wanted):  # in PATTERNS order, as each pattern's own matches
        pattern = PATTERNS[index]
        for match in pattern.regex.finditer(text):
            if match.start() == match.end():
                continue
            if any(match.start() < u_end and u_start < match.end() for u_start, u_end in urls):
                continue
            found.append(_Found(match.start(), match.end(), pattern, match))
    return _pick_longest(found) if found else []


def _pick_longest(found: list[_Found]) -> list[_Found]:
    """Leftmost-longest, non-overlapping selection; ties go to the earlier pattern."""
    ranked = sorted(
        found, key=lambda f: (-(f.end - f.start), PATTERN_ORDER[f.pattern.name], f.start)
    )
    taken: list[_Found] = []
    occupied: list[tuple[int, int]] = []
    for item in ranked:
        if any(item.start < end and start < item.end for start, end in occupied):
            continue
        taken.append(item)
        occupied.append((item.start, item.end))
    return sorted(taken, key=attrgetter("start"))


# --- resolving: each match dated in its sentence, then joined with what follows ---------------


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
            ctx = self._context(text, item, anchor)
            item.kind = item.pattern.kind
            following = found[index + 1] if index + 1 < len(found) else None
            try:
                item.date = item.pattern.handler(item.match, ctx)
                consumed = _join(text, item, following, ctx.anchor)
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

    def _context(self, text: str, item: _Found, anchor: date | None) -> Context:
        """What the match's handler needs to know of the text and of what was mentioned before."""
        ctx = Context(
            anchor=anchor,
            last_day=self.last_day,
            last_point=self.last_point,
            latest=self.latest,
        )
        if item.pattern.name == "weekday":  # the only handler that reads it
            ctx.future = future_follows(text, item.end)
        if item.pattern.name in TENSE_KINDS:
            ctx.tense = clause_tense(text, item.end, item.start)
        if item.pattern.kind == "duration":
            ctx.duration_start, ctx.duration_start_unknown = sentence_event(text, item.start)
        inauguration = text.find("就任", item.start, item.end)
        if inauguration >= 0:
            ctx.others_inauguration = someone_elses_inauguration(text, inauguration)
        return ctx

    def _remember(self, event_date: EventDate | None) -> None:
        """Keep the day (for 同日) and the date of any kind (for 同月/同年) just mentioned."""
        if event_date is None or event_date.precision is Precision.DURATION:
            return  # a length counted from the anchor is no new point of reference
        if event_date.precision is Precision.DAY:
            self.last_day = event_date.start
        self.last_point = event_date.start or event_date.end


# --- joining: a point with what follows it ----------------------------------------------------


def _join(text: str, item: _Found, following: _Found | None, anchor: date | None) -> int:
    """Extend a dated point into a counted duration, a range or an open bound, in that order.

    Returns how many following matches were absorbed (0 or 1).
    """
    if item.kind != "point" or item.date is None or item.date.start is None:
        return 0
    counted = _length_counted_from(text, item.end)
    if counted is not None:
        return _join_length(item, item.date.start, counted, following)
    if _join_range(text, item, item.date.start, following, anchor):
        return 1
    _join_open_bound(text, item, item.date, following)
    return 0


def _length_counted_from(text: str, position: int) -> re.Match[str] | None:
    """A length counted from the date ending at ``position`` (2月12日から30日間), if one follows."""
    counted = FROM_DURATION.match(text, position)
    if counted is None or _names_a_year(counted) or _names_a_day_or_hours(counted):
        return None
    return counted


def _names_a_year(counted: re.Match[str]) -> bool:
    """Whether a "から N年" match is really a calendar year (four digits), not a length.

    2022年から2024年 is a second date, so a range, not a length.
    """
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


def _join_length(
    item: _Found, start: date, counted: re.Match[str], following: _Found | None
) -> int:
    """Make ``item`` the duration counted from its date; absorbs a match the length overlaps."""
    months, days = duration_months(DurationMatch(counted))
    end = add_months(start, months) + timedelta(days=days)
    item.date = EventDate(start, end, Precision.DURATION)
    absorbed = 1 if following is not None and following.start < counted.end() else 0
    item.end = max(counted.end(), following.end if absorbed and following else 0)
    item.kind = "duration"
    return absorbed


def _join_range(
    text: str, item: _Found, start: date, following: _Found | None, anchor: date | None
) -> bool:
    """Join ``item`` and the point right after it into a range (2月〜3月, 2月14日〜3月2日).

    The end is resolved on or after the start; whether the two were joined.
    """
    joint = RANGE_JOIN.match(text, item.end)
    if (
        joint is None
        or following is None
        or following.start != joint.end()
        or following.pattern.kind != "point"
    ):
        return False
    end_ctx = Context(anchor=anchor, on_or_after=start)
    last = following.pattern.handler(following.match, end_ctx)
    if last is None or last.end is None or last.end < start:
        return False
    item.date = EventDate(start, last.end, Precision.RANGE)
    tail = RANGE_TAIL.match(text, following.end)
    item.end = tail.end() if tail else following.end
    item.kind = "range"
    return True


def _join_open_bound(text: str, item: _Found, base: EventDate, following: _Found | None) -> None:
    """Open ``item`` by the bound written after it (2014年以前, 2月末まで, 12日以降)."""
    bound = OPEN_SUFFIX.match(text, item.end)
    start = base.start
    if bound is None or start is None or (following is not None and following.start < bound.end()):
        return
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


def _absorb_range_length(text: str, item: _Found, following: _Found | None) -> int:
    """Take a length written right after a range into it (8日から10日までの3日間).

    The length only restates the range, so it neither becomes a date of its own nor
    replaces the range; returns how many matches were absorbed (0 or 1).
    """
    if following is None or following.pattern.name != "duration":
        return 0
    if RANGE_LENGTH_GAP.fullmatch(text, item.end, following.start) is None:
        return 0
    item.end = following.end
    return 1


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
