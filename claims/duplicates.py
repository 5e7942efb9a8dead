"""Finding the same event told in different words, across articles (pure Python, no Django).

Two claims state the same event when
- their dates fall in the same window (their spans, widened by a day, overlap: 「12日」 in one
  article and 「2月12日」 in another, or a report dated the next morning);
- they name the same people (or, with no person named, mostly the same actors);
- their issues overlap (or one has none yet);
- one is not the denial of the other; and
- what remains of their wording once the names and the time expression are taken out is
  similar: 「電話で会談し…交渉を直ちに始めることで一致した」 and 「電話で話し…直ちに協議に
  入ることで一致した」 share the call and the agreement, not only the names.

Groups are built by complete linkage: a claim joins a group only if it states the same event
as every claim already in it, so a chain of loosely similar claims never becomes one group.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

DATE_WINDOW = timedelta(days=1)
# Dice coefficient over character bigrams of the residual wording (names and date removed).
RESIDUAL_SIMILARITY = 0.25
# Over the whole text, for claims whose residue is too short to judge.
WHOLE_SIMILARITY = 0.5
ACTOR_OVERLAP = 0.5
MIN_RESIDUE = 6

# Titles and date words that say nothing about what happened (the names are removed by alias).
_NOISE = re.compile(
    r"[0-9０-９]+[年月日]|先週|今週|同日|同月|"
    r"大統領|副大統領|首相|外相|国防相|国防長官|国務長官|財務長官|長官|特使|報道官|総裁|氏|"
    r"[、。，．「」『』（）()・\s]"
)


@dataclass(frozen=True)
class ClaimFacts:
    """What the detector compares of one claim."""

    pk: int
    text: str
    start: date | None
    end: date | None
    people: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    issues: frozenset[str] = frozenset()
    denied: bool = False
    articles: frozenset[int] = frozenset()
    residue: str = ""

    @property
    def span(self) -> tuple[date, date] | None:
        if self.start is None:
            return None
        return self.start, self.end or self.start


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of the names, longest first (キース・ケロッグ before ケロッグ)."""
    usable = sorted({name for name in names if len(name) >= 2}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, usable))) if usable else None


def residue_of(text: str, *, names: Iterable[str], time_expression: str = "") -> str:
    """The wording of a claim without its actors' names, its time expression and titles."""
    if time_expression:
        text = text.replace(time_expression, "")
    pattern = _names_pattern(tuple(names))
    if pattern is not None:
        text = pattern.sub("", text)
    return _NOISE.sub("", text)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    first, second = _bigrams(a), _bigrams(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def same_event_score(a: ClaimFacts, b: ClaimFacts) -> float | None:
    """How alike the wording of two claims of the same event is, or None if they are not
    the same event (different window, people, issues or polarity, or unlike wording)."""
    span_a, span_b = a.span, b.span
    if span_a is None or span_b is None:
        return None
    if span_a[0] - DATE_WINDOW > span_b[1] or span_b[0] - DATE_WINDOW > span_a[1]:
        return None
    if a.people or b.people:
        if a.people != b.people:
            return None
    elif _jaccard(a.actors, b.actors) < ACTOR_OVERLAP:
        return None
    if a.issues and b.issues and not a.issues & b.issues:
        return None
    if a.denied != b.denied:
        return None
    if min(len(a.residue), len(b.residue)) >= MIN_RESIDUE:
        score = dice(a.residue, b.residue)
        return score if score >= RESIDUAL_SIMILARITY else None
    score = dice(a.text, b.text)
    return score if score >= WHOLE_SIMILARITY else None


@dataclass
class DuplicateGroup:
    members: list[int]
    score: float  # the weakest link: every pair in the group is at least this alike
    articles: set[int] = field(default_factory=set)


def group_duplicates(
    claims: Sequence[ClaimFacts], *, distinct: Collection[frozenset[int]] = ()
) -> list[DuplicateGroup]:
    """Groups of two or more claims that state the same event, the most alike first. A pair
    in `distinct` (an editor said they are different events) is never linked, so by complete
    linkage its two claims never share a group."""
    dated = sorted((claim for claim in claims if claim.span), key=lambda c: c.span or ())
    scores: dict[tuple[int, int], float] = {}
    for index, first in enumerate(dated):
        first_span = first.span
        assert first_span is not None
        for second in dated[index + 1 :]:
            second_span = second.span
            assert second_span is not None
            if second_span[0] - DATE_WINDOW > first_span[1]:
                break  # sorted by start: every later claim starts past this one's window too
            if distinct and frozenset((first.pk, second.pk)) in distinct:
                continue
            score = same_event_score(first, second)
            if score is not None:
                scores[(first.pk, second.pk)] = scores[(second.pk, first.pk)] = score
    by_pk = {claim.pk: claim for claim in claims}
    groups: list[DuplicateGroup] = []
    member_of: dict[int, DuplicateGroup] = {}
    for (a_pk, b_pk), _score in sorted(scores.items(), key=lambda item: -item[1]):
        if a_pk > b_pk:
            continue
        group_a, group_b = member_of.get(a_pk), member_of.get(b_pk)
        if group_a is not None and group_a is group_b:
            continue
        left = group_a.members if group_a else [a_pk]
        right = group_b.members if group_b else [b_pk]
        links = [scores.get((x, y)) for x in left for y in right]
        if any(link is None for link in links):
            continue  # complete linkage: every pair must be the same event
        weakest = [link for link in links if link is not None] + [
            group.score for group in (group_a, group_b) if group is not None
        ]
        merged = DuplicateGroup(members=sorted(left + right), score=min(weakest))
        for group in (group_a, group_b):
            if group is not None:
                groups.remove(group)
        groups.append(merged)
        for pk in merged.members:
            member_of[pk] = merged
    for group in groups:
        group.articles = {article for pk in group.members for article in by_pk[pk].articles}
    return sorted(groups, key=lambda group: (-len(group.members), -group.score, group.members))
