"""The regex vocabulary (on normalised text: ASCII digits) and the table of time patterns.

Each pattern names a kind of expression, the handler in :mod:`.resolvers` that dates it, the
words one of which must occur in the text for it to match at all, and its kind. The shared
vocabulary comes first; then each pattern, with the fragments only it uses, under what it means;
then the table, whose order breaks ties between matches of the same length; last the patterns
the scanner uses to join a point with what follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.regexes import scanning
from claims.extraction.timeexpr.resolvers import (
    DurationMatch,
    Handler,
    NamedAnchorMatch,
    RelativeYearMatch,
    offset_day,
    relative_to_last_day,
    resolve_anchored_duration,
    resolve_day,
    resolve_duration,
    resolve_explicit_range,
    resolve_full_date,
    resolve_month,
    resolve_month_day,
    resolve_named_anchor,
    resolve_relative_month,
    resolve_relative_month_day,
    resolve_relative_year,
    resolve_relative_year_date,
    resolve_season,
    resolve_soon,
    resolve_units_ago,
    resolve_week,
    resolve_weekday,
    resolve_year,
    resolve_year_month,
)


@dataclass(frozen=True)
class TimePattern:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    triggers: tuple[str, ...]  # at least one must occur in the text (cheap pre-check)
    kind: str = "point"  # "point" can be a range end or take 以前/以降; also "duration", "open"


# --- vocabulary shared by several patterns ----------------------------------------------------
_NOT_AFTER_DIGIT = r"(?<![\d.,/])"
# A cheap first test for the long patterns, so that the scanner skips most positions at once.
_STARTS_A_DATE = r"(?=[\d令平〇一二三四五六七八九十])"
_DATE_START = _NOT_AFTER_DIGIT + _STARTS_A_DATE
_YEAR = (
    r"(?:(?P<y>(?:19|20)\d{2})|(?P<era>令和|平成)(?P<eray>\d{1,2}|元)"
    r"|(?P<yy>\d{2})(?=年\d{1,2}月))年"
)
_MONTH = r"(?P<m>1[0-2]|0?[1-9])月"
_DAY_NUMBER = r"(?P<d>3[01]|[12]\d|0?[1-9])"
# A day is not a day when it is a length (日間, 日以内) or an idiom (一日も早く).
_DAY_GUARD = r"(?!間|以内|以上|ぶり|あたり|当たり|も早|前後|余り|近く|ほど|程度)"
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
_RELATIVE_YEARS = r"一昨年|昨年|去年|前年|今年|本年|来年|翌年|再来年|同年"
# 同月 after a year is 前年同月 (the same month a year before, a comparison base).
_RELATIVE_MONTHS = r"先々月|先月|前月|今月|当月|来月|翌月|再来月|(?<!年)同月"
_DURATION_UNIT = r"(?P<u>年|[かカヶヵケ箇]月|週間|日|時間)"
_DURATION_QUALIFIER = r"(?P<q>間|以内|以上|余り|あまり|近く|ほど|程度|超|弱)"
# A length: 半年, 半月 or a number with its unit (100日, 2.5か月, 3年半).
_DURATION_BODY = (
    r"(?:(?P<halfyear>半年)|(?P<halfmonth>半月)"
    r"|(?P<n>\d+(?:\.\d+)?)" + _DURATION_UNIT + r"(?P<half>半)?)"
)
# 就任 of somebody else (首相就任, 長官に就任) is not Trump's inauguration.
NOT_OTHER_OFFICE = (
    r"(?<!首相)(?<!相に)(?<!相の)(?<!長官)(?<!官に)(?<!官の)(?<!総長)(?<!特使)(?<!使に)"
    r"(?<!大臣)(?<!臣に)(?<!議長)(?<!長に)(?<!首相が)"
)


# --- dates written out ----------------------------------------------------------------------

# Ranges: 2月14〜16日, 15日から16日, 2025年3月23〜25日, 2月28日〜3月2日, 十五～十六日.
_YEAR2 = (
    r"(?:(?P<y2>(?:19|20)\d{2})|(?P<era2>令和|平成)(?P<eray2>\d{1,2}|元)"
    r"|(?P<yy2>\d{2})(?=年\d{1,2}月))年"
)
# Range ends that are counts or lengths; にわたり is left out because 1日から3日にわたり is
# a range of days.
_RANGE_LENGTH_FOLLOWS = r"に短縮|に延長"
_EXPLICIT_RANGE = TimePattern(
    "explicit_range",
    scanning(
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
    resolve_explicit_range,
    ("日",),
    kind="range",
)

# Two days named together (15、16の両日, 15日と16日の両日), in digits or kanji.
_BOTH_DAYS = TimePattern(
    "both_days",
    scanning(
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
    ),
    resolve_explicit_range,
    ("両日",),
    kind="range",
)

# 2025年2月12日.
_FULL_DATE = TimePattern(
    "full_date",
    scanning(_DATE_START + _YEAR + _MONTH + _DAY_NUMBER + "日" + _DAY_GUARD),
    resolve_full_date,
    ("年",),
)

# 2025/02/10, 2025-02-10, 2025.2.10.
_NUMERIC_DATE = TimePattern(
    "numeric_date",
    scanning(
        r"(?<![\d/.\-])(?P<y>(?:19|20)\d{2})(?P<sep>[/.\-])(?P<m>1[0-2]|0?[1-9])"
        r"(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/.\-])"
    ),
    resolve_full_date,
    ("/", "-", "."),
)

# 2025年2月, 2025年2月下旬.
_YEAR_MONTH = TimePattern(
    "year_month",
    scanning(_DATE_START + _YEAR + _MONTH + r"(?!\d)" + _PART + r"?"),
    resolve_year_month,
    ("年",),
)

# 2025年, 令和7年, 2025年末, 2025年度, 2025年内.
_YEAR_ONLY = TimePattern(
    "year",
    scanning(_DATE_START + _YEAR + r"(?!\d)" + _YEAR_PART + r"?"),
    resolve_year,
    ("年",),
)

# 2月12日: the year is inferred.
_MONTH_DAY = TimePattern(
    "month_day",
    scanning(_DATE_START + _MONTH + _DAY_NUMBER + "日" + _DAY_GUARD),
    resolve_month_day,
    ("月",),
)

# 2月, 2月中旬: the year is inferred.
_MONTH_ONLY = TimePattern(
    "month",
    scanning(_DATE_START + _MONTH + r"(?!\d|間)" + _PART + r"?"),
    resolve_month,
    ("月",),
)

# 12日: the month is inferred. After a bare day number (no month), a count (3日連続), an
# ordinal (2日目) or a length (3日にわたり, 10〜12日に短縮) is no day. With a month (2月5日に
# 延長) the number stays a date.
_DAY_COUNT_FOLLOWS = r"連続|続き|続け|目|にわた|に短縮|に延長"
_NOT_A_DAY_COUNT = r"(?!" + _DAY_COUNT_FOLLOWS + r")"
_DAY = TimePattern(
    "day",
    scanning(
        r"(?<![\d.,/第])" + _DAY_NUMBER + "日" + _DAY_GUARD + _NOT_A_DAY_COUNT + r"(?![前後])"
    ),
    resolve_day,
    ("日",),
)


# --- relative to the anchor or to the date mentioned before -----------------------------------

# 先月20日, 今月19日, 同月20日.
_MONTH_RELATIVE_DAY = TimePattern(
    "month_relative_day",
    scanning(r"(?P<month>" + _RELATIVE_MONTHS + r")" + _DAY_NUMBER + "日" + _DAY_GUARD),
    resolve_relative_month_day,
    ("月",),
)

# 火曜日, 来週の月曜.
_WEEKDAY = TimePattern(
    "weekday",
    scanning(
        r"(?:(?P<week>先々週|先週|前週|今週|来週|翌週|再来週)の?)?(?<!\d)"
        r"(?P<wd>[月火水木金土日])曜日?"
    ),
    resolve_weekday,
    ("曜",),
)

# A day word in kana (きょう, あす…) stands alone: at the start of a word or after a topic or
# subject particle (首脳はきょう), and before a particle or anything not kana (きょう午後,
# きのう発表した). Inside longer kana words it is something else: ききょう, きょうだい, きょうと.
_KANA_DAY_BEFORE = r"(?:(?<![ぁ-ん])|(?<=[はもが]))"
_KANA_DAY_AFTER = r"(?=[はにのもまでや]|から|[^ぁ-ん]|$)"  # not か alone: あすか, きょうかい


def _kana_day(words: str) -> str:
    return _KANA_DAY_BEFORE + r"(?:" + words + r")" + _KANA_DAY_AFTER


# Days counted from the anchor: 一昨日, 昨日, さきほど, 今日, 明日, 明後日.
_DAY_BEFORE_YESTERDAY = TimePattern(
    "day_before_yesterday",
    scanning(r"一昨日|" + _kana_day("おととい")),
    offset_day(-2),
    ("昨", "おと"),
)
_YESTERDAY = TimePattern(
    "yesterday",
    scanning(r"(?<!一)昨日|" + _kana_day("きのう")),
    offset_day(-1),
    ("昨", "きの"),
)
_JUST_NOW = TimePattern(
    "just_now",
    scanning(r"(?:つい)?(?:さきほど|先ほど|先程)"),
    offset_day(0),
    ("さき", "先ほ", "先程", "つい"),
)
_TODAY = TimePattern(
    "today",
    scanning(r"今日|本日|" + _kana_day("きょう")),
    offset_day(0),
    ("今日", "本日", "きょう"),
)
_TOMORROW = TimePattern(
    "tomorrow",
    scanning(r"明日(?!本)|" + _kana_day("あす|あした")),
    offset_day(1),
    ("明日", "あす", "あした"),
)
_DAY_AFTER_TOMORROW = TimePattern(
    "day_after_tomorrow",
    scanning(r"明後日|" + _kana_day("あさって")),
    offset_day(2),
    ("明後", "あさ"),
)

# Soon, from the anchor on (ANNOTATION.md: 近く is `after`): the adverb only, after a pause or a
# particle (首脳は近く会談する, 、近く); "near" a place or a number is something else
# (国境近く, 100日近く, モスクワの近くで).
_SOON = TimePattern(
    "soon",
    scanning(
        r"(?:(?<=[、はがも「\s])|^)近く(?![のでにへまを])|近日中?(?!公開)|近いうちに?"
        r"|数日(?:内|中|以内)(?!外)"
    ),
    resolve_soon,
    ("近く", "近日", "近いうち", "数日"),
    kind="open",
)

# Days counted from the last day mentioned: 同日, 前日, 翌日.
_SAME_DAY = TimePattern(
    "same_day",
    scanning(r"同日|当日|同じ日"),
    relative_to_last_day(0),
    ("同日", "当日", "同じ日"),
)
_PREVIOUS_DAY = TimePattern(
    "previous_day", re.compile(r"前日"), relative_to_last_day(-1), ("前日",)
)
_NEXT_DAY = TimePattern("next_day", re.compile(r"翌日"), relative_to_last_day(1), ("翌日",))

# ISO weeks: 先週, 今週中, 週内, 週末, 来週明け.
_WEEK = TimePattern(
    "week",
    scanning(
        r"(?P<week>先々週|先週|前週|今週|来週|翌週|再来週|週末|週明け|週内)(?P<wsuffix>末|"
        + _WITHIN
        + r")?"
    ),
    resolve_week,
    ("週",),
)

# 先月, 今月末, 月内, 同月下旬.
_RELATIVE_MONTH = TimePattern(
    "relative_month",
    scanning(
        r"(?P<month>"
        + _RELATIVE_MONTHS
        + r"|月末|月初め|月初|月内)(?!比)"
        + r"(?:"
        + _PART
        + r"|(?P<mpart>"
        + _WITHIN
        + r"))?"
    ),
    resolve_relative_month,
    ("月",),
)

# 昨年, 今年後半, 年内, 年明け. 前年同期比, 前月比, 同年代: a comparison base or an age group,
# not a period.
_NOT_COMPARISON = r"(?!度?(?:同期|同月|同時期|比|並)|代|齢)"
_RELATIVE_YEAR = TimePattern(
    "relative_year",
    scanning(
        r"(?<!\d)(?:(?P<rel>"
        + _RELATIVE_YEARS
        + r")"
        + _NOT_COMPARISON
        + _YEAR_PART
        + r"?|(?P<relnew>年明け|(?<!年末)年始|年初|年頭|年末|年内)(?!恒例|年始))"
    ),
    lambda m, ctx: resolve_relative_year(RelativeYearMatch(m), ctx),
    ("年",),
)

# 昨年8月, 今年2月24日, 来年1月中旬.
_RELATIVE_YEAR_DATE = TimePattern(
    "relative_year_date",
    scanning(
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
    resolve_relative_year_date,
    ("年",),
)

# 今秋, 昨冬, 来春, 2025年秋, 今年夏, 同年秋.
_SEASON = r"(?P<season>春|夏|秋|冬)(?![田葉闘分至眠日目秋])"  # not 秋田, 春闘, 冬至…
_SEASON_OF_YEAR = TimePattern(
    "season",
    scanning(
        # 2025年秋 but not 2025年の春, which the labelled data reads as the year.
        r"(?:(?<![\u4e00-\u9fff々])(?P<srel>今|昨|来)|"
        + _DATE_START
        + _YEAR
        + r"|(?<!\d)(?P<rel>"
        + _RELATIVE_YEARS
        + r"))"
        + _SEASON
    ),
    resolve_season,
    ("春", "夏", "秋", "冬"),
)

# 3日前, 2週間後, 1か月前, 3年前.
_UNITS_AGO = TimePattern(
    "units_ago",
    scanning(
        r"(?<![\d.])(?P<n>\d{1,3})(?P<u>日|週間|[かカヶヵケ箇]月|(?<!\d\d\d)年)(?P<dir>前|後)"
        r"(?!後|半)"
    ),
    resolve_units_ago,
    ("前", "後"),
)


# --- named events and lengths -----------------------------------------------------------------

# 就任直前, 就任後, 侵攻開始, 侵攻前: fixed events of the domain.
_NAMED_ANCHOR = TimePattern(
    "named_anchor",
    scanning(
        NOT_OTHER_OFFICE
        + r"(?:(?P<event>就任)(?P<rel>直前|直後|前|後|以来|以降|初日|当日|式)"
        + r"|(?P<event2>(?:全面)?(?:侵攻|侵略))(?:(?:開始)(?P<rel2>直前|直後|前|後|以来|以降)?"
        + r"|(?P<rel3>直前|直後|前|以来|以降)))"
    ),
    lambda m, ctx: resolve_named_anchor(NamedAnchorMatch(m), ctx),
    ("就任", "侵攻", "侵略"),
    kind="open",
)

# 就任から100日, 侵攻開始から3年, 侵攻開始から4年目: a length or an ordinal counted from an event.
_EVENT = r"(?P<event>就任|(?:全面)?(?:侵攻|侵略))"
_ANCHORED_DURATION = TimePattern(
    "anchored_duration",
    scanning(
        NOT_OTHER_OFFICE
        + _EVENT
        + r"(?:開始)?(?:から|以来|後)(?:約|およそ|ほぼ)?"
        + _DURATION_BODY
        + r"(?:(?P<ordinal>目)|"
        + _DURATION_QUALIFIER
        + r"?)"
    ),
    resolve_anchored_duration,
    ("就任", "侵攻", "侵略"),
    kind="duration",
)

# 100日以内, 半年, 6か月, 30日間, 3年を迎える, 72時間, 10〜12日程度.
_STARTS_A_NUMBER = r"(?=[\d半])"
# The lower bound of a length given as a range (10〜12日程度, 2〜3か月): the upper bound counts.
_LENGTH_LOWER_BOUND = r"(?:\d{1,3}(?:\.\d+)?" + _TILDE + r")?"
_DURATION = TimePattern(
    "duration",
    scanning(
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
    lambda m, ctx: resolve_duration(DurationMatch(m), ctx),
    ("日", "月", "週", "年", "時間"),
    kind="duration",
)


# --- the table --------------------------------------------------------------------------------

PATTERNS: tuple[TimePattern, ...] = (
    _EXPLICIT_RANGE,
    _BOTH_DAYS,
    _FULL_DATE,
    _NUMERIC_DATE,
    _YEAR_MONTH,
    _YEAR_ONLY,
    _MONTH_DAY,
    _MONTH_ONLY,
    _DAY,
    _MONTH_RELATIVE_DAY,
    _WEEKDAY,
    _DAY_BEFORE_YESTERDAY,
    _YESTERDAY,
    _JUST_NOW,
    _TODAY,
    _TOMORROW,
    _DAY_AFTER_TOMORROW,
    _SOON,
    _SAME_DAY,
    _PREVIOUS_DAY,
    _NEXT_DAY,
    _WEEK,
    _RELATIVE_MONTH,
    _RELATIVE_YEAR,
    _RELATIVE_YEAR_DATE,
    _SEASON_OF_YEAR,
    _UNITS_AGO,
    _NAMED_ANCHOR,
    _ANCHORED_DURATION,
    _DURATION,
)
ALL_TRIGGERS = frozenset(trigger for pattern in PATTERNS for trigger in pattern.triggers)
PATTERN_ORDER = {pattern.name: index for index, pattern in enumerate(PATTERNS)}
# The kinds whose year or month is inferred (the others carry theirs or count from the anchor).
TENSE_KINDS = frozenset({"explicit_range", "both_days", "month_day", "month", "day"})


# --- joining a point with what follows it -----------------------------------------------------

# A time of day between a date and what joins it (19日夕方から21日未明まで) or the length
# counted from it (8日午前0時から72時間).
_TIME_OF_DAY = r"(?:の)?(?:午前|午後|早朝|朝|昼|正午|夕方|夕|夜間|深夜|夜|未明)?(?:\d{1,2}時(?:\d{1,2}分|半)?)?"
# 2月12日から30日間: a length counted from the date.
FROM_DURATION = re.compile(
    _TIME_OF_DAY + r"から(?:約|およそ|ほぼ)?" + _DURATION_BODY + _DURATION_QUALIFIER + r"?"
)
# 2月〜3月, 2月14日〜3月2日: two points joined into a range, and what may close it.
RANGE_JOIN = re.compile(_TIME_OF_DAY + _CONNECTOR)
RANGE_TAIL = re.compile(_TIME_OF_DAY + r"(?:まで|にかけて)")
# Open bounds written after a date: 2014年以前, 2月末まで, 12日以降, 2022年から.
_OPEN_SUFFIX_WORDS = r"(?P<bound>以前|以降|以来|までに|まで|より前|より後|前まで|から(?!\s*\d))"
OPEN_SUFFIX = re.compile(
    # 4月20日の復活祭までに, 2月28日の会談以来: the event named on that day bounds it
    _TIME_OF_DAY + r"(?:の[^\s\d、。のをがはにでと]{1,8}?(?=まで|以来))?" + _OPEN_SUFFIX_WORDS
)
# Between a range and its length: 8日から10日までの3日間.
RANGE_LENGTH_GAP = re.compile(r"の?(?:約|およそ|計)?")
