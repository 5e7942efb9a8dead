"""Assemble sentence candidates into claims: one per event, dated or not proposed (the second
half of extraction; ANNOTATION.md, "A claim").

:func:`assemble_claims` walks the sentences read by :mod:`.reading` in order: a dated sentence
opens a claim or is more evidence of the one before; an undated one continues the event before
it; :func:`_joins` decides, by ANNOTATION.md's rules in order, whether a sentence is more of the
event or a party's own act or statement.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date

from claims.extraction.actors import STATE_OF, actor_matcher
from claims.extraction.lexicon import DEFAULT_LEXICON, PERSON
from claims.extraction.reading import INHERITED_MARK, SentenceReading
from claims.extraction.records import ClaimCandidate, EventDate, Modality, Precision
from claims.extraction.regexes import scanning

# Lengths that are not the event's time (30日間の停戦案, 半年以内の終結): without a start they
# name how long, not when; a bound far behind the anchor is background.
_WEAK = frozenset({Precision.DURATION, Precision.AFTER, Precision.BEFORE, Precision.YEAR})


# A month or year named as where a state of things began (1月に政権復帰して以来, 1月の政権発足後),
# or as the date of a thing the sentence names (2022年3月の前回交渉, 先月仲介した停戦案): not
# when the sentence's own event happened.
_SINCE = scanning(r"以来|以降|から|て以|ぶり|後[、に]")
_NAMES_A_THING = re.compile(
    r"の|[^、。]{0,12}?(?:した|った|れた|いた)(?=[\u4e00-\u9fff\u30a0-\u30ff])"
)


def _background_month(candidate: ClaimCandidate) -> bool:
    if _SINCE.search(candidate.text):
        return True
    expression = candidate.time_expression
    at = candidate.text.find(expression) if expression else -1
    return at >= 0 and bool(_NAMES_A_THING.match(candidate.text, at + len(expression or "")))


def _weak_date(
    candidate: ClaimCandidate, anchor: date | None, context: ClaimCandidate | None = None
) -> bool:
    event_date = candidate.event_date
    if event_date is None:
        return True
    if (
        context is not None
        and context.event_date is not None
        and context.event_date.start is not None
        and event_date.precision in (Precision.MONTH, Precision.YEAR)
        and event_date.start is not None
        and event_date.start < context.event_date.start
        and _background_month(candidate)
    ):
        return True  # 1月に政権復帰して以来: background to the event of the day
    # (両氏は2月に会談したが…: a recap of an earlier event is a claim of its own, on its month.)
    if event_date.precision not in _WEAK:
        return False
    expression = candidate.time_expression or ""
    if candidate.time_expression is not None and candidate.quote_end:
        following = candidate.text[
            candidate.text.find(expression) + len(expression) : candidate.text.find(expression)
            + len(expression)
            + 1
        ]
        expression += following
    if event_date.precision is Precision.DURATION:
        unanchored = "から" not in expression and "就任" not in expression
        return unanchored and (
            "以内" not in expression or (context is not None and expression.endswith("の"))
        )
    point = event_date.start or event_date.end
    return anchor is not None and point is not None and point.year < anchor.year


# What an elaborating sentence adds to its claim's issues: the substance agreed or done in the
# event (a swap agreed in the talks, the minerals deal signed at the meeting).
_CARRIED_BY_EVIDENCE = frozenset({"prisoner_exchange", "minerals_deal", "energy_infrastructure"})
# A truce proposed or accepted in the event is its substance too (30日間の停戦案を受け入れた).
_TRUCE_TERMS = re.compile(r"停戦案|暫定停戦|一時停戦|一時的な停戦|即時停戦")


class _Draft:
    """A claim being assembled: its lead sentence, then the evidence that joins it."""

    __slots__ = ("candidate", "evidence", "keywords", "modality")

    def __init__(self, candidate: ClaimCandidate) -> None:
        self.candidate = candidate
        self.evidence: list[tuple[int, int]] = list(
            candidate.evidence or ((candidate.quote_start, candidate.quote_end),)
        )
        self.keywords: dict[str, tuple[str, ...]] | None = None  # None: the lead's own
        self.modality = candidate.modality

    def absorb(self, other: ClaimCandidate) -> None:
        """``other`` becomes evidence: its issues count (the substance), its date and actors do not.

        A sentence with no subject of its own goes on with the lead's clause (…とアピール。
        対ロシア制裁の解除について検討する方針を明らかにした。): what it says is the statement's
        substance, and how firmly it says it, when the lead only reports that someone spoke.
        """
        self.evidence.append((other.quote_start, other.quote_end))
        continued = (
            not other.actors
            and not _HAS_SUBJECT.search(other.text)
            and bool(self.candidate.speakers)
        )
        if continued and self.modality is Modality.ASSERTED:
            self.modality = other.modality
        for slug, words in other.matched_keywords.items():
            keywords = (
                self.keywords if self.keywords is not None else self.candidate.matched_keywords
            )
            carried = (
                continued
                or slug in _CARRIED_BY_EVIDENCE
                or (slug == "ceasefire_monitoring" and bool(_TRUCE_TERMS.search(other.text)))
            )
            if not carried and slug not in keywords:
                continue
            if self.keywords is None:
                self.keywords = dict(self.candidate.matched_keywords)
            self.keywords[slug] = tuple(dict.fromkeys(self.keywords.get(slug, ()) + words))

    def finish(self) -> ClaimCandidate:
        candidate = self.candidate
        if (
            self.keywords is None
            and self.modality is candidate.modality
            and len(self.evidence) == len(candidate.evidence or ((0, 0),))
        ):
            return candidate
        keywords = self.keywords if self.keywords is not None else candidate.matched_keywords
        return dataclasses.replace(
            candidate,
            issues=tuple(sorted(keywords)),
            matched_keywords={slug: keywords[slug] for slug in sorted(keywords)},
            modality=self.modality,
            evidence=tuple(self.evidence),
        )


def _dated_as(candidate: ClaimCandidate, lead: ClaimCandidate) -> ClaimCandidate:
    """A claim of its own dated from the event it continues (time_expression None)."""
    return dataclasses.replace(
        candidate,
        event_date=lead.event_date,
        time_expression=None,
        evidence=((candidate.quote_start, candidate.quote_end),),
    )


# A subject or topic of its own (…は, …が): a sentence without one continues the one before.
_HAS_SUBJECT = re.compile(r"[はがも][、]?")


# What a sentence after the lead is, for :func:`_joins` (ANNOTATION.md: one claim per event).
# A named speaker's statement: …と述べた, …との考えを示した, …する方針を明らかにした.
_STATEMENT = scanning(
    r"(?:と|との(?:考え|見方|認識|立場|姿勢|見解|方針)を|(?:る|ない|たい)(?:考え|方針)を)"
    r"(?:も|改めて|重ねて|記者団に|強く)?"
    r"(?:述べ|語|話|強調|表明|主張|訴え|示し|呼びかけ|反論|批判|非難|指摘|説明|明らかに|投稿|評価"
    r"|書き込|警告|否定|歓迎)"
    r"|と(?:している|しています)[。]?$"
)
# A sentence ending on a speech act (…と強調した, …を明らかにした, …と表明。).
_SPEECH_END = scanning(
    r"(?:述べ|語っ|強調し|表明し|明らかにし|示し|説明し|指摘し|主張し|発言し|批判し|退け|評価し"
    r"|否定し|訴え|強調してみせ)(?:た|ました|ている|ています)[。]?$"
    r"|(?:表明|強調|指摘|主張|批判|説明)[。]?$"
)
# Said after the event or apart from it (Rubio after the talks, at a press conference, on SNS).
_AFTER_THE_EVENT = scanning(
    r"(?:協議|会談|会合|電話)(?:の)?(?:後|あと)|その後|会見|記者団|SNS|声明で|演説"
)
# The event goes on another day (協議は25日も続く, 21日も継続される): more of it, not a new one.
_CONTINUES = scanning(r"日も[^。、]{0,12}?(?:続け|継続|続く|続い)")
# A party's own act after the event (プーチン氏は会談の後、…命じた).
_ACT_AFTER_THE_EVENT = scanning(r"(?:協議|会談|会合|電話会談)(?:の)?(?:後|あと)")
# A position of the speaker's own: what must be, a demand, a refusal, an opinion, another point.
_POSITION = scanning(
    r"べきだ|必要だ|欠かせない|との(?:考え|認識|見方|立場|姿勢|見解)を|(?:る|ない|たい)考えを"
    r"|(?:訴え|呼びかけ)(?:た|ました)|(?:反論|主張|否定|非難|批判|警告)し(?:た|て|ま)"
    r"|とも(?:述べ|語|話|強調|指摘|説明)|(?:た|し)いと"
)
# A party's standing stance, written as the sentence's end (応じない姿勢だ, 立場を崩していない).
_STANCE = scanning(r"(?:姿勢|立場|構え)(?:だ|です|を崩して|を崩さ)")
# Who took part in the event, led a delegation or stayed away.
_PARTICIPATION = scanning(
    r"(?:参加|出席|同席|同行|加わ)(?:し|っ|り|せず|しなかった|しませんでした)|が率い|を率いた"
)
# An account of the event itself: how it went, what was or was not agreed, its joint statement.
_ACCOUNT_OF_EVENT = scanning(
    r"(?:協議|会談|会合|話し合い|交渉|電話)(?:は|を|で|では|の(?:中|場|結果|内容))"
    r"|進展|妥協|合意(?:した|に至|に達|でき|は)|一致(?:した|せず|しなかった)|決裂|生産的|有益|建設的"
    r"|共同声明(?:を|に|で|は)|合意の(?:具体的な)?(?:内容|詳細)"
)


def _joins(
    candidate: ClaimCandidate,
    lead: ClaimCandidate,
    kinds: dict[str, str],
    subjects: tuple[str, ...] = (),
) -> bool:
    """Is ``candidate`` more about ``lead``'s event, rather than a party's own act or statement?

    ANNOTATION.md's "one claim per event", read in this order:

    1. a sentence that names no one, or has no subject of its own, goes on about the event, and
       one that reports a statement with no speaker of its own goes on with the lead's speaker;
    2. who took part in it (or stayed away) is a detail of the event;
    3. how it went or what was agreed, told by one of its sides, is evidence of it;
    4. a party's standing stance, its own act after the event, or a position, demand or plan it
       states (after the event, or in words of its own: べきだ, 必要だ, との考えを示した, とも
       語った) is a claim of its own;
    5. otherwise it joins when everyone it names is on the lead's sides: a person who is not a
       party of the lead speaking (Rubio after the talks), or a person of another side, makes it
       a claim of its own; states and bodies on the lead's sides are more of the same (ロシア
       大統領府は…, アメリカがロシア側と…).
    """
    text = candidate.text
    own = set(candidate.actors)
    if not own:
        return True
    if (
        not subjects
        and not candidate.speakers
        and (not _HAS_SUBJECT.search(text) or (lead.speakers and _SPEECH_END.search(text)))
    ):
        return True  # (また、)…と強調し、…立場を改めて表明した: the speaker before goes on
    if _PARTICIPATION.search(text) and not candidate.speakers:
        return True
    lead_people = {a for a in lead.actors if kinds.get(a) == PERSON}
    lead_sides = {STATE_OF.get(a, a) for a in lead.actors}
    account = bool(_ACCOUNT_OF_EVENT.search(text))
    if account and candidate.speakers:
        return {STATE_OF.get(s, s) for s in candidate.speakers} <= lead_sides
    if not account and (
        _STANCE.search(text)
        or _ACT_AFTER_THE_EVENT.search(text)
        or (
            candidate.speakers
            and _STATEMENT.search(text)
            and (_AFTER_THE_EVENT.search(text) or _POSITION.search(text))
        )
    ):
        return False
    for speaker in (*candidate.speakers, *subjects):
        if kinds.get(speaker) == PERSON and speaker not in lead_people:
            return False
    people = {a for a in own if kinds.get(a) == PERSON}
    if not people <= lead_people and not {STATE_OF.get(p, p) for p in people} <= lead_sides:
        return False
    return bool({STATE_OF.get(a, a) for a in own} & lead_sides) or own <= set(lead.actors)


def _only_carried_on(candidate: ClaimCandidate) -> bool:
    """Does the sentence name no issue of its own, only the passage's (see :class:`_Topic`)?"""
    words = [word for found in candidate.matched_keywords.values() for word in found]
    return bool(words) and all(word.startswith(INHERITED_MARK) for word in words)


def _a_context(event_date: EventDate | None) -> bool:
    """Can a claim on this date be the event the next undated sentences go on about?

    Not a bound or a length (…23日から協議していた, 近く…する予定, 6月末までに): those sentences
    name a background or a plan, and what follows continues the event before them.
    """
    return event_date is not None and event_date.precision not in (
        Precision.AFTER,
        Precision.BEFORE,
        Precision.DURATION,
    )


def _contains(outer: EventDate | None, inner: EventDate | None) -> bool:
    """A range of days that holds the day of the claim before (23〜25日 after 25日)."""
    return (
        outer is not None
        and inner is not None
        and outer.precision is Precision.RANGE
        and inner.precision is Precision.DAY
        and outer.start is not None
        and outer.end is not None
        and inner.start is not None
        and outer.start <= inner.start <= outer.end
    )


def assemble_claims(
    text: str,
    readings: Sequence[SentenceReading],
    references: Sequence[tuple[int, date]] = (),
) -> list[ClaimCandidate]:
    """One claim per event, dated or not proposed (ANNOTATION.md).

    A sentence that names no issue of its own, only the passage's, and no one who says it,
    never opens a claim: it is evidence of the claim before it or nothing. A dated sentence opens a claim, unless it
    repeats the claim before it in the same paragraph
    (same date, no new party): then it is evidence of it. A sentence without a date of its own (or
    with only a length or a far-off bound) continues the last dated claim of its section: it is
    evidence of it when it names no new party, else a claim of its own on that date (another
    party's statement about the event); on an aggregator page with no claim before it, it takes its
    section's date. A sentence before any dated one is evidence of the first dated claim of its
    paragraph that has all its parties, or nothing. The writer's commentary is neither.
    """
    section_dates = {index + 1: day for index, (_, day) in enumerate(references)}
    kinds = actor_matcher(DEFAULT_LEXICON).kind_by_slug
    drafts: list[_Draft] = []
    last: int | None = None  # index in claims of the last dated claim of the section
    last_paragraph = -1
    section = -1
    waiting: list[SentenceReading] = []  # undated, before any dated claim of their section
    first_of_section: int | None = None
    for reading in readings:
        candidate = reading.candidate
        if reading.section != section:
            section, last, waiting, first_of_section = reading.section, None, [], None
        if reading.commentary:
            continue
        context = drafts[last].candidate if last is not None else None
        if context is not None and not candidate.speakers and _only_carried_on(candidate):
            # No issue of its own, only the passage's, and no speaker: a detail or a background
            # of the event before it (ロシアは9日に戦勝記念日を控えている), evidence of it or nothing.
            if _joins(candidate, context, kinds, reading.subjects):
                drafts[last].absorb(candidate)  # type: ignore[index]
            continue
        weak = _weak_date(candidate, reading.anchor, context)
        if not weak:
            if (
                context is not None
                and (
                    (
                        last_paragraph == reading.paragraph
                        and candidate.event_date == context.event_date
                    )
                    or _contains(candidate.event_date, context.event_date)
                    or _CONTINUES.search(candidate.text) is not None
                )
                and _joins(candidate, context, kinds, reading.subjects)
            ):
                drafts[last].absorb(candidate)  # type: ignore[index]
                continue
            opened = candidate
            lede = next((w for w in waiting if w.candidate.actors), None)
            # The article's opening sentence states the event; the dated one elaborates.
            if (
                lede is not None
                and lede.paragraph != reading.paragraph
                and _joins(lede.candidate, opened, kinds, lede.subjects)
            ):
                opened = dataclasses.replace(
                    opened, actors=lede.candidate.actors, modality=lede.candidate.modality
                )
            if not opened.actors and first_of_section is not None:
                opened = dataclasses.replace(
                    opened, actors=drafts[first_of_section].candidate.actors
                )
            drafts.append(_Draft(opened))
            if last is None or _a_context(opened.event_date):
                last, last_paragraph = len(drafts) - 1, reading.paragraph
            if first_of_section is None:
                first_of_section = last
            for early in waiting:
                if _joins(early.candidate, drafts[last].candidate, kinds, early.subjects):
                    drafts[last].absorb(early.candidate)
            waiting = []
            continue
        if context is not None:
            if _joins(candidate, context, kinds, reading.subjects) and (
                not reading.follow_up or not candidate.actors
            ):
                drafts[last].absorb(candidate)  # type: ignore[index]
            else:
                drafts.append(_Draft(_dated_as(candidate, context)))
            continue
        day = section_dates.get(section)
        if day is not None and candidate.actors:
            drafts.append(
                _Draft(
                    dataclasses.replace(
                        candidate,
                        event_date=EventDate(day, day, Precision.DAY),
                        time_expression=None,
                    )
                )
            )
            last, last_paragraph = len(drafts) - 1, reading.paragraph
            continue
        waiting.append(reading)
    return [draft.finish() for draft in drafts]
