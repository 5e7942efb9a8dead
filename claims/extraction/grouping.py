"""Group claim candidates that state the same fact (e.g. the same call reported by two outlets).

Two candidates state the same fact when all of these hold:

- their event dates are equal (a candidate without a date may join a dated one only when the
  wording is very close);
- they name the same people (states and organisations may differ: one outlet writes
  「米国のトランプ大統領」, another 「トランプ氏」); with no people, they share an actor;
- neither is a denial of what the other asserts (modality ``denied`` on one side only), and
  they have as many negations and refusals (受け入れた vs 受け入れなかった, 応じる vs 拒否した);
- when both name who said it, a speaker is shared (ロシアは…と述べた vs ウクライナは…と述べた);
- they contain the same numbers outside dates (30日間 vs 60日間, 1000人 vs 500人);
- when both touch negotiation issues, they share one;
- what they say besides dates and actor names is similar (rapidfuzz ratio of the texts with
  dates, actor mentions, punctuation and spaces removed, after NFKC).

The result is a partition: every index appears in exactly one group, singletons included,
groups ordered by their first member.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from claims.extraction.actors import find_actor_mentions
from claims.extraction.lexicon import DEFAULT_LEXICON, PERSON
from claims.extraction.numerals import normalise_digits
from claims.extraction.records import ClaimCandidate, EventDate, Lexicon, Modality, Precision
from claims.extraction.timeexpr import find_time_expressions

_NOISE = re.compile(r"[\s、。，．,.!！?？「」『』（）()【】・…〜~\-—:：]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Negations and refusals; not the ない of おこない/行ない, 少ない, 危ない.
_NEGATION = re.compile(r"(?<![こ行少危])ない|なかっ|ません|せず|できず|拒否|拒ん|退け|見送")
_SPAN_PROBE = date(2000, 1, 1)  # any anchor will do: only the kinds of mentions matter here

SIMILAR_WHEN_SAME_DATE = 60.0
SIMILAR_WITHOUT_DATES = 70.0
SIMILAR_WHEN_ONE_DATE_MISSING = 80.0


@dataclass(frozen=True)
class _Fingerprint:
    text: str
    issues: frozenset[str]
    numbers: frozenset[str]
    people: frozenset[str]
    others: frozenset[str]
    speakers: frozenset[str]
    negations: int
    denied: bool
    event_date: EventDate | None


def _without_dates(text: str) -> str:
    """The sentence with its dates blanked out (durations stay: 30日間 is part of the fact).

    Dates are compared as resolved event dates, so 「12日」 and 「2月12日」 must not make two
    wordings of the same fact look different.
    """
    masked = list(text)
    for mention in find_time_expressions(text, _SPAN_PROBE):
        if mention.date is None or mention.date.precision is not Precision.DURATION:
            masked[mention.start : mention.end] = " " * (mention.end - mention.start)
    return normalise_digits("".join(masked)).text


def _without_actors(text: str, lexicon: Lexicon) -> str:
    """The sentence without its actor mentions: actors are compared as sets of slugs."""
    kept = list(text)
    for mention in find_actor_mentions(text, lexicon):
        kept[mention.start : mention.end] = " " * (mention.end - mention.start)
    return "".join(kept)


def _fingerprint(candidate: ClaimCandidate, lexicon: Lexicon) -> _Fingerprint:
    kinds = {actor.slug: actor.kind for actor in lexicon.actors}
    people = frozenset(s for s in candidate.actors if kinds.get(s, PERSON) == PERSON)
    undated = _without_dates(candidate.text)
    content = _without_actors(undated, lexicon)
    return _Fingerprint(
        text=_NOISE.sub("", unicodedata.normalize("NFKC", content)),
        issues=frozenset(candidate.issues),
        numbers=frozenset(_NUMBER.findall(undated.replace(",", ""))),
        people=people,
        others=frozenset(candidate.actors) - people,
        speakers=frozenset(candidate.speakers),
        negations=len(_NEGATION.findall(content)),
        denied=candidate.modality is Modality.DENIED,
        event_date=candidate.event_date,
    )


def _same_fact(a: _Fingerprint, b: _Fingerprint) -> bool:
    if a.denied != b.denied or a.numbers != b.numbers or a.negations != b.negations:
        return False
    if a.speakers and b.speakers and not (a.speakers & b.speakers):
        return False
    if a.people != b.people:
        return False
    if a.issues and b.issues and not (a.issues & b.issues):
        return False
    if not a.people and a.others and b.others and not (a.others & b.others):
        return False
    if a.event_date is not None and b.event_date is not None:
        if a.event_date != b.event_date:
            return False
        threshold = SIMILAR_WHEN_SAME_DATE
    elif a.event_date is None and b.event_date is None:
        threshold = SIMILAR_WITHOUT_DATES
    else:
        threshold = SIMILAR_WHEN_ONE_DATE_MISSING
    return fuzz.ratio(a.text, b.text) >= threshold


def group_candidates(
    candidates: Sequence[ClaimCandidate], *, lexicon: Lexicon = DEFAULT_LEXICON
) -> list[list[int]]:
    """Indices of candidates grouped by the fact they state (see module doc)."""
    prints = [_fingerprint(candidate, lexicon) for candidate in candidates]
    parent = list(range(len(candidates)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i in range(len(prints)):
        for j in range(i + 1, len(prints)):
            if root(i) != root(j) and _same_fact(prints[i], prints[j]):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[int]] = {}
    for index in range(len(candidates)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values(), key=lambda group: group[0])
