"""Read a page's sentences one by one into claim candidates (the first half of extraction).

A sentence becomes a candidate when it is not boilerplate, names a known actor (or refers back
to one: 同氏, 同大統領 stand for the person last named, with that title, in the same section;
両首脳, 3人 and 両国 for the people or states named just before) or carries a resolvable date,
says something (has a predicate, so not a bare heading), and names at least an actor or a
negotiation issue.

Its event date is the most precise date it mentions (a day beats a range of up to a month, a
part of a month, a month, a longer range, an open bound, a year, a duration); on a tie, a date
that modifies the predicate (13日に, 13日、) beats one that modifies a noun (12日の会談, 5日付の
米紙), then the earlier one wins. Dates resolve against the publication date or the reference
date of the sentence's section. :mod:`.assembly` then makes one claim per event of them.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from datetime import date, timedelta
from operator import attrgetter

from claims.extraction.actors import (
    ActorMention,
    actor_matcher,
    capital_subjects,
    find_actor_mentions,
    find_issues,
    find_speakers,
    party_mentions,
    statement_parties,
)
from claims.extraction.lexicon import DEFAULT_LEXICON, PERSON, STATE
from claims.extraction.modality import classify_modality
from claims.extraction.names import unknown_person_names
from claims.extraction.records import (
    ClaimCandidate,
    EventDate,
    Lexicon,
    Modality,
    Precision,
    TimeMention,
)
from claims.extraction.regexes import scanning
from claims.extraction.sentences import has_predicate, is_boilerplate, is_heading, split_sentences
from claims.extraction.timeexpr import TimeScanner

_PRECISION_RANK = {
    Precision.DAY: 0,
    Precision.RANGE: 1,
    Precision.MONTH_PART: 2,
    Precision.MONTH: 3,
    Precision.BEFORE: 4,
    Precision.AFTER: 5,
    Precision.YEAR: 6,
    Precision.DURATION: 7,
}
_PRECISE = frozenset({Precision.DAY, Precision.RANGE, Precision.MONTH_PART})


def _anchor_at(
    offset: int, offsets: list[int], dates: list[date], published: date | None
) -> date | None:
    index = bisect.bisect_right(offsets, offset) - 1
    return dates[index] if index >= 0 else published


def _precision_rank(event_date: EventDate) -> float:
    """Lower is more precise; a range longer than a month (a season, 2025年前半) ranks after a
    month."""
    rank: float = _PRECISION_RANK[event_date.precision]
    if (
        event_date.precision is Precision.RANGE
        and event_date.start is not None
        and event_date.end is not None
        and (event_date.end - event_date.start).days > 31
    ):
        rank = _PRECISION_RANK[Precision.MONTH] + 0.5
    return rank


# After a date, these make it the date of something else than the main predicate: a source's
# (5日付の米紙), an earlier event named as background (12日の電話会談を受け).
_DATES_ANOTHER_THING = re.compile(r"付|の(?!うち|間|朝|昼|夜|午前|午後|未明|夕方|深夜)")


# 「米紙は19日、…と報じた」: the day a medium reported it, not the event's.
_REPORTED_ON = re.compile(
    r"(?:タイムズ|ジャーナル|ポスト|新聞|通信|紙|テレビ|メディア|放送)(?:は|が)\s*$"
)


def _quoted(text: str, position: int) -> bool:
    """Is ``position`` inside 「…」 within its sentence?"""
    start = max(text.rfind(ch, 0, position) for ch in "。\n") + 1
    segment = text[start:position]
    return segment.count("「") > segment.count("」")


_JAPAN_TIME = re.compile(r"日本時間(?:の|で)?\s*$")
# A time in Japan early in the day is the day before in Europe and the Americas.
_EARLY_HOURS = re.compile(r"\s*(?:の)?(?:未明|早朝|午前)")


def _is_japan_time(text: str, mention: TimeMention) -> bool:
    """「日本時間16日」「(同午前6時)」: a Japanese-time alternative, never the event's date."""
    before = text[max(0, mention.start - 8) : mention.start]
    return bool(_JAPAN_TIME.search(before)) or before.endswith(("(同", "（同"))


def _local_from_japan_time(text: str, mention: TimeMention) -> TimeMention:
    """Only Japanese time is given: the local day is that day, or the day before for 未明/午前."""
    event_date = mention.date
    assert event_date is not None and (event_date.start or event_date.end) is not None
    day = event_date.start or event_date.end
    assert day is not None
    first_end = mention.start + len(re.split(r"から|〜|~", mention.expression)[0])
    early = _EARLY_HOURS.match(text, first_end) or _EARLY_HOURS.match(text, mention.end)
    if early and event_date.precision is Precision.DAY:
        day -= timedelta(days=1)
    return dataclasses.replace(mention, date=EventDate(day, day, Precision.DAY))


def choose_event_date(mentions: Sequence[TimeMention], text: str = "") -> TimeMention | None:
    """The mention that dates the claim: the most precise resolved one; on a tie, one that
    modifies the predicate (13日に, 13日、) over one that modifies a noun (12日の会談), then the
    earliest. ``text`` is what the mentions' offsets point into."""
    if not mentions:
        return None
    resolved = [m for m in mentions if m.date is not None]
    if text:
        resolved = [
            m
            for m in resolved
            if not _REPORTED_ON.search(text, max(0, m.start - 12), m.start)
            and not (
                m.date is not None
                and m.date.precision is Precision.DURATION
                and _quoted(text, m.start)
            )
        ]
        local = [m for m in resolved if not _is_japan_time(text, m)]
        japanese = [m for m in resolved if _is_japan_time(text, m)]
        if japanese and all(m.date.precision is Precision.DURATION for m in local if m.date):
            return _local_from_japan_time(text, japanese[0])
        if not local and resolved:
            return _local_from_japan_time(text, resolved[0])
        resolved = local
        if not resolved:
            return None
    if not resolved:
        return mentions[0] if mentions else None

    def rank(mention: TimeMention) -> tuple[float, bool, int]:
        precision = _precision_rank(mention.date) if mention.date else 99
        attributive = bool(text) and _DATES_ANOTHER_THING.match(text, mention.end) is not None
        return precision, attributive, mention.start

    return min(resolved, key=rank)


def _confidence(
    *,
    has_actor: bool,
    event_date: EventDate | None,
    has_issue: bool,
    has_speaker: bool,
    modality: Modality,
    length: int,
) -> float:
    score = 0.15
    if has_actor:
        score += 0.3
    if event_date is not None:
        score += 0.2 if event_date.precision in _PRECISE else 0.12
    if has_issue:
        score += 0.15
    if has_speaker:
        score += 0.15
    if modality is Modality.SPECULATIVE:
        score -= 0.05  # commentary speculates more often than sources assert
    if length > 200:
        score -= 0.1  # run-on list items usually bundle several facts
    return round(min(1.0, max(0.0, score)), 2)


@dataclasses.dataclass(slots=True)
class SentenceReading:
    """One sentence read on its own: its candidate, and where it sits."""

    candidate: ClaimCandidate
    paragraph: int
    section: int
    follow_up: bool  # 同日, その後, 会談後…: it continues the event before it
    anchor: date | None  # what its relative dates resolve against
    commentary: bool  # the writer's own hedge or opinion: never a claim, nor evidence
    subjects: tuple[str, ...] = ()  # parties written as the sentence's topic (Xは)
    covered: tuple[tuple[int, int], ...] = ()  # spans of actor mentions, in the sentence


def sentence_candidates(
    text: str,
    *,
    published: date | None,
    references: Sequence[tuple[int, date]],
    lexicon: Lexicon = DEFAULT_LEXICON,
) -> list[SentenceReading]:
    """Every sentence that names a party or an issue, read on its own (dated or not)."""
    offsets = [offset for offset, _ in references]
    dates = [day for _, day in references]
    scanner = TimeScanner()  # shared, so 同日 refers back across sentences
    topic = _Topic()
    last_person = _LastPerson(lexicon)
    readings: list[SentenceReading] = []
    paragraph, counted_to = 0, 0
    for start, end in split_sentences(text):
        sentence = text[start:end]
        if _ENDS_A_QUESTION.search(sentence) or _OPENS_WITH_A_TIME.match(sentence):
            topic.clear()  # a question of a Q&A, a live-blog entry's time
        if is_boilerplate(sentence):
            continue
        if is_heading(text, start, end):
            continue
        paragraph += text.count("\n", counted_to, start)
        counted_to = start
        section = bisect.bisect_right(offsets, start)
        topic.enter(section)
        last_person.enter(section)
        own_issues = without_incidental_process(sentence, find_issues(sentence, lexicon))
        anchor = _anchor_at(start, offsets, dates, published)
        mentions = scanner.scan(text, anchor, start, end, latest=published)
        actor_mentions = find_actor_mentions(sentence, lexicon) + capital_subjects(sentence)
        candidate = _candidate(
            text,
            sentence,
            start,
            end,
            mentions,
            lexicon,
            own_issues or topic.inherited(),
            actor_mentions + last_person.referred_to(sentence),
            max(anchor, published) if anchor and published else anchor,
        )
        topic.update(own_issues)
        last_person.update(sentence, actor_mentions)
        if candidate is None:
            continue
        for each in [candidate, *_listed_days(candidate, mentions, text)]:
            readings.append(
                SentenceReading(
                    candidate=each,
                    paragraph=paragraph,
                    section=section,
                    follow_up=bool(_FOLLOW_UP.match(sentence)),
                    anchor=anchor,
                    covered=tuple((m.start, m.end) for m in actor_mentions),
                    subjects=tuple(
                        m.slug
                        for m in actor_mentions
                        if m.speaker_particle == "は" and m.slug in candidate.actors
                    ),
                    commentary=bool(_COMMENTARY.search(sentence.rstrip()[-16:]))
                    or (not candidate.speakers and bool(_WRITERS_ANALYSIS.search(sentence))),
                )
            )
    return readings


# Days listed for one kind of event (5月16日、6月2日、7月23日に3回の協議を行い): what joins them.
_DAY_LIST_JOIN = re.compile(r"[、,，・]|と|および|及び")


def _listed_days(
    candidate: ClaimCandidate, mentions: Sequence[TimeMention], text: str
) -> list[ClaimCandidate]:
    """A claim for each other day of a list the candidate's date belongs to (ANNOTATION.md: one
    claim per event; the sentence is the evidence of each)."""
    if candidate.event_date is None or candidate.event_date.precision is not Precision.DAY:
        return []
    days = sorted(
        (m for m in mentions if m.date is not None and m.date.precision is Precision.DAY),
        key=attrgetter("start"),
    )
    chosen = next(
        (i for i, m in enumerate(days) if m.expression == candidate.time_expression), None
    )
    if chosen is None:
        return []
    first = last = chosen
    while first > 0 and _DAY_LIST_JOIN.fullmatch(text, days[first - 1].end, days[first].start):
        first -= 1
    while last + 1 < len(days) and _DAY_LIST_JOIN.fullmatch(
        text, days[last].end, days[last + 1].start
    ):
        last += 1
    # Each further day's claim quotes the sentence from its own day on: one passage per claim,
    # as evidence is stored (an article's passage is proposed once).
    return [
        dataclasses.replace(
            candidate,
            event_date=day.date,
            time_expression=day.expression,
            quote_start=day.start,
            text=text[day.start : candidate.quote_end],
            evidence=((day.start, candidate.quote_end),),
        )
        for day in days[first : last + 1]
        if day is not days[chosen] and day.date != candidate.event_date
    ]


# The talks named only as where the substance came from (直接交渉での合意に基づき, 米国が仲介した
# 停戦案, 仲介の成果): ANNOTATION.md, the process is incidental to the substance.
_INCIDENTAL_PROCESS = re.compile(
    r"(?:での合意|で合意した|に基づ|の結果|の成果|した(?=[^、。]{0,8}(?:案|合意|停戦)))"
)
_PROCESS = "negotiations_process"


def without_incidental_process(
    sentence: str, issues: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """``issues`` without the process when the claim has substance and every word that named
    the process only says where the substance came from."""
    words = issues.get(_PROCESS)
    if not words or len(issues) < 2:
        return issues
    for word in words:
        at = sentence.find(word)
        while at >= 0:
            if not _INCIDENTAL_PROCESS.match(sentence, at + len(word)):
                return issues
            at = sentence.find(word, at + 1)
    return {slug: found for slug, found in issues.items() if slug != _PROCESS}


# A sentence that opens with these continues the event before it (ANNOTATION.md: 同日, 会談後,
# その後 → after it).
_FOLLOW_UP = re.compile(
    r"^\s*(?:【[^】]*】)?(?:同日|その後|このあと|この後|これに先立ち|これに先立って"
    r"|(?:会談|協議|会見|電話会談|声明発表|共同声明発表)(?:の)?後)"
)
# The writer's own hedge, opinion or address to the reader (not a party's statement).
_COMMENTARY = scanning(
    r"(?:と(?:いえる|言える|言えそう|いえそう)(?:でしょう|です)?|でしょう(?:か|ね)?|ようですね|ですね|よね"
    r"|かもしれません|かもしれない|注目(?:される|が集まる|されます|です)|不透明(?:だ|です)?"
    r"|不明(?:だ|です)?|定かではない|見通せない|期待されます|と思われます|やないかな|ましょう"
    r"|安心材料となります|となりそうです|てきた|てきました|ていく"
    r"|(?:可能性が|必要が|課題が|懸念が)あります|と考えられます|と見られます|ようです|と思います)[。！!]?$"
)
# The writer's own analysis, with no one named who says it: what depends on what, whether it
# will happen (停戦が実現するかどうかは…にかかっている, …しない限り、合意は難しいとみられる).
_WRITERS_ANALYSIS = scanning(
    r"かどうかは|(?:れば|なら|限り)、[^。]*(?:恐れがある|可能性がある|とみられ|難しい|だろう)"
    r"|(?:不透明|難航)[^。]*とみられ"
)


class _Topic:
    """The issues a passage is about, for sentences that carry on without naming one.

    「協定の発効には議会の批准が必要となる」 in a story about the minerals deal, or
    「派遣される部隊は1万人規模になる」 after a sentence about the coalition's troops, are about
    the issue of the sentences before them. The topic is the issues of the last sentence that
    named any, within one section (an aggregator's sections are separate stories). Inherited
    issues are shown with the keyword they came from, marked as such.
    """

    def __init__(self) -> None:
        self.section = -1
        self.issues: dict[str, tuple[str, ...]] = {}

    def enter(self, section: int) -> None:
        if section != self.section:
            self.section, self.issues = section, {}

    def update(self, issues: dict[str, tuple[str, ...]]) -> None:
        if issues:
            self.issues = issues

    def clear(self) -> None:
        self.issues = {}

    def inherited(self) -> dict[str, tuple[str, ...]]:
        return {
            slug: tuple(f"{INHERITED_MARK}{keyword}" for keyword in keywords)
            for slug, keywords in self.issues.items()
        }


INHERITED_MARK = "文脈:"  # a keyword of an earlier sentence that this one carries on from
# A line that opens a new passage: a question (Q&A pages), a time stamp (live blogs).
_ENDS_A_QUESTION = re.compile(r"[?？][」』）)\s]*$")
_OPENS_WITH_A_TIME = re.compile(r"\s*(?:[0-2]?\d[:：][0-5]\d|Q[.．:：\s])")  # .match: at the start

_SAME_PERSON = re.compile(
    r"同(?P<title>氏|大統領|首相|外相|国防相|報道官|特使|長官|国務長官|補佐官|議長)"
    r"(?P<particle>は|も|が|によると|によれば)?"
)


class _LastPerson:
    """The person a 同氏 or 同大統領 refers back to, within the same section (and the people or
    states a 両首脳, 3人 or 両国 does).

    同氏 is the last person named; 同大統領 (同外相…) the last one named with that title, so
    that 「ゼレンスキー大統領は…ウメロフ国防相と会談した。同大統領は…」 is Zelensky. A person
    the lexicon does not know (proposed as an unknown name) may be the one meant, so naming
    one leaves 同氏 unresolved until a known person is named again.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.kinds = actor_matcher(lexicon).kind_by_slug
        self.section = -1
        self.named: list[tuple[str | None, str]] = []  # (slug or None if unknown, as written)
        # Sentences read since: their unknown names are looked for only when a 同氏 needs them
        # (tokenising is the costly part of reading a sentence).
        self.pending: list[tuple[str, list[ActorMention]]] = []
        self.recent: list[str] = []  # every actor named in the section, in order

    def enter(self, section: int) -> None:
        if section != self.section:
            self.section, self.named, self.pending, self.recent = section, [], [], []

    def update(self, sentence: str, mentions: list[ActorMention]) -> None:
        self.pending.append((sentence, mentions))
        self.recent += [m.slug for m in sorted(mentions, key=attrgetter("start"))]

    def _settle(self) -> None:
        for sentence, mentions in self.pending:
            unknown = unknown_person_names(
                sentence, self.lexicon, [(m.start, m.end) for m in mentions]
            )
            named: list[tuple[int, str | None, str]] = [
                (m.start, m.slug, sentence[m.start : m.end])
                for m in mentions
                if self.kinds.get(m.slug) == PERSON
            ]
            named += [(sentence.find(name), None, name) for name in unknown]
            self.named += [
                (slug, written) for _, slug, written in sorted(named, key=lambda n: n[0])
            ]
        self.pending = []

    def referred_to(self, sentence: str) -> list[ActorMention]:
        mentions = self._several_referred_to(sentence)
        if _SAME_PERSON.search(sentence) is None:
            return mentions
        self._settle()
        for found in _SAME_PERSON.finditer(sentence):
            title = found["title"]
            slug = next(
                (
                    slug
                    for slug, written in reversed(self.named)
                    if title == "氏" or slug is None or written.endswith(title)
                ),
                None,
            )
            if slug is not None:
                mentions.append(ActorMention(slug, found.start(), found.end(), found["particle"]))
        return mentions

    def _several_referred_to(self, sentence: str) -> list[ActorMention]:
        """両首脳, 両氏, 3人 (the last people named), 両国 (the last states named)."""
        found = _SEVERAL.search(sentence)
        if found is None:
            return []
        count = 3 if found["count"] in ("3", "３", "三") else 2
        kind = STATE if found["noun"] == "国" else PERSON
        recent: list[str] = []
        for slug in reversed(self.recent):
            if self.kinds.get(slug) == kind and slug not in recent:
                recent.append(slug)
        if len(recent) < count:
            return []  # fewer named than it counts: someone the lexicon does not know
        return [
            ActorMention(slug, found.start(), found.end(), found["particle"])
            for slug in recent[:count]
        ]


# 両首脳は, 両氏が, 3人は, 両国は: the people (or states) named just before.
_SEVERAL = re.compile(
    r"(?<![^\s、。「」（(])(?P<count>両|[23２３二三])(?P<noun>首脳|氏|人|者|国)"
    r"(?P<particle>は|も|が)"
)


# 「15日に」「15日、」: the day an event is set for (not 21日午前0時まで, a bound of a period).
_ON_A_DAY = re.compile(r"(?:に|、)(?!かけて)")


def _announced_event(
    dated: TimeMention | None, mentions: list[TimeMention], anchor: date | None, text: str = ""
) -> TimeMention | None:
    """「8日、15日に会談すると表明した」: the claim is the coming meeting, dated the 15th."""
    if dated is None or dated.date is None or anchor is None:
        return None
    days = [
        m
        for m in mentions
        if m.date is not None
        and m.date.precision is Precision.DAY
        and m.date.start is not None
        and m.date.start > anchor
        and m.start > dated.start
        and _ON_A_DAY.match(text, m.end) is not None
    ]
    start = dated.date.start
    if dated.date.precision is Precision.DAY and start is not None and start <= anchor and days:
        return days[0]
    return None


def _ahead_of(dated: TimeMention | None, anchor: date | None) -> bool:
    """Is the chosen date wholly after the anchor (an event still to come)?"""
    if dated is None or dated.date is None or anchor is None:
        return False
    event_date = dated.date
    if event_date.precision not in (Precision.DAY, Precision.RANGE, Precision.MONTH_PART):
        return False
    return event_date.start is not None and event_date.start > anchor


def _candidate(
    page_text: str,
    sentence: str,
    start: int,
    end: int,
    mentions: list[TimeMention],
    lexicon: Lexicon,
    issues: dict[str, tuple[str, ...]],
    actor_mentions: list[ActorMention],
    anchor: date | None = None,
) -> ClaimCandidate | None:
    if not actor_mentions and not issues and not mentions:
        return None
    dated = choose_event_date(mentions, page_text)
    dated = _announced_event(dated, mentions, anchor, page_text) or dated
    event_date = dated.date if dated is not None else None
    if not actor_mentions and (event_date is None or not issues):
        if not issues or not has_predicate(sentence):
            return None
        # Names no one and no date: only ever evidence of the claim it goes on about.
        slugs = sorted(issues)
        return ClaimCandidate(
            text=sentence,
            quote_start=start,
            quote_end=end,
            time_expression=None,
            event_date=None,
            actors=(),
            speakers=(),
            issues=tuple(slugs),
            matched_keywords={slug: issues[slug] for slug in slugs},
            evidence=((start, end),),
        )
    if not has_predicate(sentence):
        return None
    actor_mentions.sort(key=attrgetter("start"))
    said_by = find_speakers(sentence, actor_mentions)
    parties = statement_parties(
        sentence,
        party_mentions(sentence, actor_mentions, lexicon),
        actor_mentions,
        said_by,
        lexicon,
    )
    actors = tuple(sorted({m.slug for m in parties}))
    speakers = tuple(s for s in said_by if s in actors)
    ahead = _ahead_of(dated, anchor)
    modality = classify_modality(sentence)
    if modality is Modality.ASSERTED and ahead:
        modality = Modality.PLANNED  # dated after the report: not yet happened (ANNOTATION.md)
    slugs = sorted(issues)
    return ClaimCandidate(
        text=sentence,
        quote_start=start,
        quote_end=end,
        time_expression=dated.expression if dated is not None else None,
        event_date=event_date,
        actors=actors,
        speakers=speakers,
        issues=tuple(slugs),
        matched_keywords={slug: issues[slug] for slug in slugs},
        modality=modality,
        confidence=_confidence(
            has_actor=bool(actors),
            event_date=event_date,
            has_issue=bool(issues),
            has_speaker=bool(speakers),
            modality=modality,
            length=len(sentence),
        ),
        evidence=((start, end),),
    )
