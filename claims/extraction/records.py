"""Plain value types shared by the extraction engine (no behaviour beyond validation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Precision(StrEnum):
    """How exactly an :class:`EventDate` pins down when something happened."""

    DAY = "day"
    MONTH_PART = "month_part"  # 上旬/中旬/下旬/末: a third of a month, or similar
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"  # an explicit span: 15〜16日, 先週
    BEFORE = "before"  # open start: 2014年以前, 就任直前 (start is None)
    AFTER = "after"  # open end: 2月12日以降 (end is None)
    DURATION = "duration"  # a length counted from a start: 100日以内, 3年


class Modality(StrEnum):
    """Evidentiality of a claim as the sentence states it."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    PLANNED = "planned"
    SPECULATIVE = "speculative"
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved date span.

    ``start`` is None only for :attr:`Precision.BEFORE`; ``end`` is None only for
    :attr:`Precision.AFTER`. Both bounds are inclusive.
    """

    start: date | None
    end: date | None
    precision: Precision

    def __post_init__(self) -> None:
        if self.start is None and self.precision is not Precision.BEFORE:
            raise ValueError(f"{self.precision} needs a start date")
        if self.end is None and self.precision is not Precision.AFTER:
            raise ValueError(f"{self.precision} needs an end date")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One time expression found in a text; ``text[start:end] == expression``."""

    expression: str
    start: int
    end: int
    date: EventDate | None  # None when the expression cannot be resolved


@dataclass(frozen=True, slots=True)
class ActorEntry:
    slug: str
    aliases: tuple[str, ...]
    kind: str  # "person" | "organisation" | "state"


@dataclass(frozen=True, slots=True)
class IssueEntry:
    slug: str
    name_ja: str
    name_en: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    actors: tuple[ActorEntry, ...]
    issues: tuple[IssueEntry, ...]


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """A sentence proposed to editors as a claim, with everything the engine inferred."""

    text: str  # the sentence as shown to editors (bullet markers stripped)
    quote_start: int  # text_input[quote_start:quote_end] == text
    quote_end: int
    time_expression: str | None
    event_date: EventDate | None
    actors: tuple[str, ...]  # actor slugs mentioned, sorted and unique
    speakers: tuple[str, ...]  # the actors who said it (subset of actors)
    issues: tuple[str, ...]  # issue slugs, sorted and unique
    matched_keywords: dict[str, tuple[str, ...]] = field(hash=False)
    modality: Modality = Modality.ASSERTED
    confidence: float = 0.0
    unknown_names: tuple[str, ...] = ()  # person names not in the lexicon
    # Every sentence that is evidence of this claim, the quote first: (start, end) offsets into
    # the text. Sentences about the same event join the claim they continue (ANNOTATION.md).
    evidence: tuple[tuple[int, int], ...] = ()
