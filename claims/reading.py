"""Split an article's text into paragraphs of plain and highlighted segments (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    claim_ids: tuple[int, ...] = ()


def highlight(text: str, spans: Iterable[tuple[int, int, int]]) -> list[list[Segment]]:
    """Paragraphs of segments; a segment lists the claims whose evidence covers it.

    `spans` are (start, end, claim_id) offsets into `text`; overlapping spans are allowed.
    """
    cuts = {0, len(text)}
    span_list = [(max(0, s), min(len(text), e), c) for s, e, c in spans if s < e]
    for start, end, _ in span_list:
        cuts.update((start, end))
    for index, char in enumerate(text):
        if char == "\n":
            cuts.update((index, index + 1))
    ordered = sorted(cuts)
    paragraphs: list[list[Segment]] = [[]]
    for start, end in zip(ordered, ordered[1:], strict=False):
        piece = text[start:end]
        if piece == "\n":
            paragraphs.append([])
            continue
        covering = tuple(sorted({c for s, e, c in span_list if s <= start and end <= e}))
        paragraphs[-1].append(Segment(piece, covering))
    return [paragraph for paragraph in paragraphs if paragraph]
