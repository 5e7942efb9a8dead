"""Turn a page's text into claim candidates for editors.

A sentence becomes a candidate when it is not boilerplate, names a known actor or carries a
resolvable date, says something (has a predicate, so not a bare heading), and names at least
an actor or a negotiation issue. Its event date is the most precise date it mentions (a day
beats a range, a part of a month, a month, an open bound, a year, a duration; the earlier one
wins a tie), resolved against the publication date or the reference date of its section.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date

from claims.extraction.actors import find_actor_mentions, find_issues, find_speakers
from claims.extraction.lexicon import DEFAULT_LEXICON
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


def choose_event_date(mentions: Sequence[TimeMention]) -> TimeMention | None:
    """The mention that dates the claim: the most precise resolved one, earliest on a tie."""
    resolved = [m for m in mentions if m.date is not None]
    if not resolved:
        return mentions[0] if mentions else None
    return min(
        resolved,
        key=lambda m: (_PRECISION_RANK[m.date.precision] if m.date else 99, m.start),
    )


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
    candidates: list[ClaimCandidate] = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        if is_boilerplate(sentence):
            continue
        topic.enter(bisect.bisect_right(offsets, start))
        own_issues = find_issues(sentence, lexicon)
        anchor = _anchor_at(start, offsets, dates, published)
        mentions = scanner.scan(text, anchor, start, end)
        candidate = _candidate(
            sentence, start, end, mentions, lexicon, own_issues or topic.inherited()
        )
        topic.update(own_issues)
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

    def inherited(self) -> dict[str, tuple[str, ...]]:
        return {
            slug: tuple(f"{INHERITED_MARK}{keyword}" for keyword in keywords)
            for slug, keywords in self.issues.items()
        }


INHERITED_MARK = "文脈:"  # a keyword of an earlier sentence that this one carries on from


def _candidate(
    sentence: str,
    start: int,
    end: int,
    mentions: list[TimeMention],
    lexicon: Lexicon,
    issues: dict[str, tuple[str, ...]],
) -> ClaimCandidate | None:
    actor_mentions = find_actor_mentions(sentence, lexicon)
    dated = choose_event_date(mentions)
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
