"""Reading the sentence around a mention: the tense of the clause it dates, whose 就任 it is,
and the named event a free-standing length counts from."""

from __future__ import annotations

import re
from datetime import date

from claims.extraction.regexes import ends_with, scanning
from claims.extraction.timeexpr.patterns import NOT_OTHER_OFFICE
from claims.extraction.timeexpr.resolvers import FULL_INVASION, INAUGURATION

_FUTURE_CONTEXT = scanning(
    r"予定|方針|見通し|見込み|計画|意向|調整|する考え|へ[。！!]?$"
    r"|(?:する|行う|開く|開かれる|行われる|会う|訪れる|訪問する|臨む)(?:だろう|でしょう)?[。！!]?$"
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# The clause an expression dates ends where a report of it begins (…18日に行われると発表した,
# …控えるとしていた): its own predicate decides the tense, not the report's.
_REPORT_OF_CLAUSE = scanning(
    r"(?:(?<=[るたいだうすくぐつぬぶむ])|^)と(?:[^、。「」とが]{1,10}?で)?(?:の見通しを|の考えを|の方針を)?"
    r"(?:し|され|み|述べ|発表|明らか|表明|伝え|報じ|語|話|強調|主張|説明|示し|明言|発言|投稿"
    r"|指摘|述|言|書)|(?<=[るたい])こと(?:で|を|に|が)|(?<=[るたい])との"
)
_FUTURE_CLAUSE = re.compile(
    r"(?:予定|方針|見通し|見込み|計画|意向|考え|構え|用意がある|へ|する|行う|開く|行われる"
    r"|行われます|開催する|会う|訪れる|訪問する|臨む|始まる|迎える|します)(?:だ|です|である)?$"
    r"|よう(?:に)?(?:提案|求め|要請|呼びかけ|呼び掛け|促)|たい|(?:る|う)(?:との)?(?:考え|意向|方針|構え)"
    r"|(?:予定|方針|見通し|計画|意向)(?!され|して|だっ|でし)"
)
_PAST_RIGHT_AFTER = re.compile(
    r"[、，][^、。「」]{0,10}?(?:した|った|れた|ました|いた)(?:ところ|と|、)"
)
_PAST_RELATIVE = scanning(r"(?<=[しれっいきち])た(?=[\u4e00-\u9fff\u30a0-\u30ff]|、)")
# A clause that ends on a plan or a coming act (the first part of _FUTURE_CLAUSE, with its
# copulas), and one that ends in the past (た, だった, ました, でした), for str.endswith.
_FUTURE_ENDINGS = tuple(
    word + copula
    for word in [
        "予定",
        "方針",
        "見通し",
        "見込み",
        "計画",
        "意向",
        "考え",
        "構え",
        "用意がある",
        "へ",
        "する",
        "行う",
        "開く",
        "行われる",
        "行われます",
        "開催する",
        "会う",
        "訪れる",
        "訪問する",
        "臨む",
        "始まる",
        "迎える",
        "します",
    ]
    for copula in ("", "だ", "です", "である")
)
_PAST_ENDINGS = ("た",)  # た, だった, ました, でした all end in た
_FUTURE_ANYWHERE = scanning(_FUTURE_CLAUSE.pattern.split("$", 1)[1].lstrip("|"))
_BOUND_WORD = re.compile(r"^(?:まで(?:に)?|以降|以来|から|ごろ|頃|前後)")
_BOUND_INSIDE = re.compile(r"まで|から|以降|以来|[〜~]")
_ONCE_PLANNED = re.compile(r"予定(?:だっ|して|され|でし)")
# A new date a plan is moved to is ahead of the move: 3月10日に延期した.
# A deadline set for something: 27日までに, 27日の感謝祭までに.
_DEADLINE = re.compile(r"(?:の[^、。のをがは]{1,8}?)?までに")
_MOVED_TO = re.compile(r"^(?:に|まで)(?:延期|先送り|変更|前倒し)")


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
    if _DEADLINE.match(rest):
        # 27日の感謝祭までに…求めていた: a deadline lies ahead of the demand, which is past;
        # the nearest such day, unless the clause speaks of what is to come.
        return "future" if _FUTURE_ANYWHERE.search(rest) else None
    bounded = bool(
        _BOUND_WORD.match(rest)
        or re.match(
            r"\s*[〜~\-–—]|(?:午前|午後)?[0-9０-９]*時?(?:[0-9０-９]+分)?(?:から|まで|以降)", rest
        )
    ) or (start is not None and bool(_BOUND_INSIDE.search(text, start, position)))
    rest = _BOUND_WORD.sub("", rest, count=1)
    if _MOVED_TO.match(rest):
        return "future"
    if rest.startswith(("、", "，")) and _PAST_RIGHT_AFTER.match(rest):
        return "past"  # 30日、明らかにしたところによりますと…
    if rest.startswith(("、", "，")):
        # The sentence's own predicate: only how it ends counts.
        final = rest.rstrip("。．.！!？?」』）) \n")
        if ends_with(final, _FUTURE_ENDINGS):
            return "future"
        if ends_with(final, _PAST_ENDINGS) and not bounded:
            return "past"
        return None
    else:
        report = _REPORT_OF_CLAUSE.search(rest)
        # The date's own verb: up to the first comma (6月2日に開催し、…明記した覚書を提示する:
        # 開催し goes on to what is to come, 明記した is another clause's).
        own_end = min(report.start(), (rest.find("、") + 1 or len(rest))) if report else 0
        if report is not None and _PAST_RELATIVE.search(rest, 0, own_end):
            return "past"  # 11日に実施した協議で…することで合意した: the date's verb is past
        rest = rest[: report.start()] if report else rest
    clause = rest.split("が、")[0].rstrip("。．.！!？?」』）) \n")
    if clause.startswith("の"):  # 7日の会見で…: the date of a thing named, past or unknown
        past = ends_with(clause, _PAST_ENDINGS)
        return "past" if past and not _FUTURE_CLAUSE.search(clause) else None
    if _ONCE_PLANNED.search(clause):
        return None  # 予定だった: planned then, ahead or behind now
    if ends_with(clause[-16:], _FUTURE_ENDINGS) or _FUTURE_ANYWHERE.search(clause):
        return "future"
    if ends_with(clause[-8:], _PAST_ENDINGS) and not bounded:
        return "past"
    return None


# For a free-standing duration: the event a sentence counts from.
_SENTENCE_EVENT_FROM = re.compile(
    r"(就任|侵攻|侵略)(?:開始|が始まって|が始まった|を始めて|して)?(?:から|以来)"
)
_SENTENCE_INAUGURATION = scanning(NOT_OTHER_OFFICE + r"就任")
# Whose 就任. Heads of government, ministers and the like have inaugurations of their own
# that the news reports, so one named as the subject of the sentence (メルツ首相は就任後) is
# the one taking office. Envoys and aides (ケロッグ特使は、就任から100日以内に…) usually
# speak of Trump's, so they count only right next to 就任. 真相/様相/世相/手相 are no
# ministers.
_HEAD_OF_OFFICE_TITLE = (
    r"(?<![真様世手])相|長官|大臣|議長|総長|委員長|書記長|総裁|知事|市長|教皇|国王"
)
_AIDE_TITLE = r"特使|補佐官|報道官|次官|高官|司令官|大使|局長"
_OFFICE_HOLDER = scanning(
    r"(?:(?P<trump>トランプ(?:氏|大統領)?|大統領)|(?P<head>"
    + _HEAD_OF_OFFICE_TITLE
    + r")|(?P<aide>"
    + _AIDE_TITLE
    + r"))(?P<particle>は|が|も|として|の|に|へ)?"
)
_SUBJECT_PARTICLES = ("は", "が", "も", "として")
_NEAR_HOLDER_GAP = 6  # 新首相の正式な就任: a possessive or goal a few characters before
# The holder named after 就任: 就任直後のメルツ首相は, 就任したばかりのルビオ国務長官が.
_OFFICE_HOLDER_AFTER = scanning(
    r"(?:した|して)?(?:ばかり|間もない|まもない|早々|直後|後)?の(?:新)?[ァ-ヶー・]*[一-龥]{0,3}?"
    r"(?:" + _HEAD_OF_OFFICE_TITLE + r"|" + _AIDE_TITLE + r")(?:は|が|も|、)"
)


def future_follows(text: str, position: int) -> bool:
    """Whether the rest of the sentence after ``position`` speaks of the future (for weekdays)."""
    return bool(_FUTURE_CONTEXT.search(_rest_of_sentence(text, position)))


def _rest_of_sentence(text: str, position: int) -> str:
    boundary = _SENTENCE_END.search(text, position)
    return text[position : boundary.end() if boundary else len(text)]


def _sentence_start(text: str, position: int) -> int:
    last = -1
    for stop in "。！？!?\n":
        found = text.rfind(stop, last + 1, position)
        if found > last:
            last = found
    return last + 1


def _sentence_end(text: str, position: int) -> int:
    boundary = _SENTENCE_END.search(text, position)
    return boundary.end() if boundary else len(text)


def someone_elses_inauguration(text: str, position: int) -> bool:
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


def sentence_event(text: str, position: int) -> tuple[date | None, bool]:
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
        if someone_elses_inauguration(text, sentence_start + event.start()):
            return None, True
        return INAUGURATION, False
    for inauguration in _SENTENCE_INAUGURATION.finditer(text, sentence_start, position):
        if not someone_elses_inauguration(text, inauguration.start()):
            return INAUGURATION, False
    return None, False
