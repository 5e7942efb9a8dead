"""Turn a page's text into claim candidates for editors.

A sentence becomes a candidate when it is not boilerplate, names a known actor (or refers back
to one: 同氏, 同大統領 stand for the person last named, with that title, in the same section)
or carries a resolvable date, says something (has a predicate, so not a bare heading), and
names at least an actor or a negotiation issue. 両首脳 and 両国 are not resolved: which two is
often a guess.

Its event date is the most precise date it mentions (a day beats a range of up to a month, a
part of a month, a month, a longer range, an open bound, a year, a duration); on a tie, a date
that modifies the predicate (13日に, 13日、) beats one that modifies a noun (12日の会談, 5日付の
米紙), then the earlier one wins. Dates resolve against the publication date or the reference
date of the sentence's section.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from datetime import date

from claims.extraction.actors import (
    ActorMention,
    actor_matcher,
    find_actor_mentions,
    find_issues,
    find_speakers,
)
from claims.extraction.lexicon import DEFAULT_LEXICON, PERSON
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
from claims.extraction.sentences import (
    find_reference_dates,
    has_predicate,
    is_boilerplate,
    is_heading,
    split_sentences,
)
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


def choose_event_date(mentions: Sequence[TimeMention], text: str = "") -> TimeMention | None:
    """The mention that dates the claim: the most precise resolved one; on a tie, one that
    modifies the predicate (13日に, 13日、) over one that modifies a noun (12日の会談), then the
    earliest. ``text`` is what the mentions' offsets point into."""
    resolved = [m for m in mentions if m.date is not None]
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


def extract_claims(
    text: str,
    *,
    published: date | None,
    reference_dates: Sequence[tuple[int, date]] = (),
    lexicon: Lexicon = DEFAULT_LEXICON,
) -> list[ClaimCandidate]:
    """Claim candidates of ``text`` in reading order.

    ``reference_dates`` are ``(offset, date)`` pairs sorted by offset: from that offset on,
    relative expressions resolve against that date instead of ``published``. When none are
    given, aggregator datelines in the text (``公開日:2025/02/10``) are used the same way.
    """
    references = sorted(reference_dates) if reference_dates else find_reference_dates(text)
    offsets = [offset for offset, _ in references]
    dates = [day for _, day in references]
    scanner = TimeScanner()  # shared, so 同日 refers back across sentences
    topic = _Topic()
    last_person = _LastPerson(lexicon)
    candidates: list[ClaimCandidate] = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        if _STARTS_A_PASSAGE.search(sentence):
            topic.clear()  # a question of a Q&A, a live-blog entry's time
        if is_boilerplate(sentence):
            continue
        if is_heading(text, start, end):
            continue
        section = bisect.bisect_right(offsets, start)
        topic.enter(section)
        last_person.enter(section)
        own_issues = find_issues(sentence, lexicon)
        anchor = _anchor_at(start, offsets, dates, published)
        mentions = scanner.scan(text, anchor, start, end)
        actor_mentions = find_actor_mentions(sentence, lexicon)
        candidate = _candidate(
            text,
            sentence,
            start,
            end,
            mentions,
            lexicon,
            own_issues or topic.inherited(),
            actor_mentions + last_person.referred_to(sentence),
        )
        topic.update(own_issues)
        last_person.update(
            sentence, actor_mentions, candidate.unknown_names if candidate is not None else ()
        )
        if candidate is not None:
            candidates.append(candidate)
    return candidates


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
_STARTS_A_PASSAGE = re.compile(r"[?？][」』）)\s]*$|^\s*(?:[0-2]?\d[:：][0-5]\d|Q[.．:：\s])")

_SAME_PERSON = re.compile(
    r"同(?P<title>氏|大統領|首相|外相|国防相|報道官|特使|長官|国務長官|補佐官|議長)"
    r"(?P<particle>は|も|が|によると|によれば)?"
)


class _LastPerson:
    """The person a 同氏 or 同大統領 refers back to, within the same section.

    同氏 is the last person named; 同大統領 (同外相…) the last one named with that title, so
    that 「ゼレンスキー大統領は…ウメロフ国防相と会談した。同大統領は…」 is Zelensky. A person
    the lexicon does not know (proposed as an unknown name) may be the one meant, so naming
    one leaves 同氏 unresolved until a known person is named again.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.kinds = actor_matcher(lexicon).kind_by_slug
        self.section = -1
        self.named: list[tuple[str | None, str]] = []  # (slug or None if unknown, as written)

    def enter(self, section: int) -> None:
        if section != self.section:
            self.section, self.named = section, []

    def update(
        self, sentence: str, mentions: list[ActorMention], unknown_names: tuple[str, ...]
    ) -> None:
        named: list[tuple[int, str | None, str]] = [
            (m.start, m.slug, sentence[m.start : m.end])
            for m in mentions
            if self.kinds.get(m.slug) == PERSON
        ]
        named += [(sentence.find(name), None, name) for name in unknown_names]
        self.named += [(slug, written) for _, slug, written in sorted(named, key=lambda n: n[0])]

    def referred_to(self, sentence: str) -> list[ActorMention]:
        mentions = []
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


def _candidate(
    page_text: str,
    sentence: str,
    start: int,
    end: int,
    mentions: list[TimeMention],
    lexicon: Lexicon,
    issues: dict[str, tuple[str, ...]],
    actor_mentions: list[ActorMention],
) -> ClaimCandidate | None:
    actor_mentions.sort(key=lambda mention: mention.start)
    dated = choose_event_date(mentions, page_text)
    event_date = dated.date if dated is not None else None
    if not actor_mentions and event_date is None:
        return None
    if not has_predicate(sentence):
        return None
    if not actor_mentions and not issues:
        return None
    actors = tuple(sorted({m.slug for m in actor_mentions}))
    speakers = tuple(find_speakers(sentence, actor_mentions))
    modality = classify_modality(sentence)
    return ClaimCandidate(
        text=sentence,
        quote_start=start,
        quote_end=end,
        time_expression=dated.expression if dated is not None else None,
        event_date=event_date,
        actors=actors,
        speakers=speakers,
        issues=tuple(sorted(issues)),
        matched_keywords={slug: issues[slug] for slug in sorted(issues)},
        modality=modality,
        confidence=_confidence(
            has_actor=bool(actors),
            event_date=event_date,
            has_issue=bool(issues),
            has_speaker=bool(speakers),
            modality=modality,
            length=len(sentence),
        ),
        unknown_names=unknown_person_names(
            sentence, lexicon, [(m.start, m.end) for m in actor_mentions]
        ),
    )
