"""Split an article's text into paragraphs of plain and highlighted segments (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    claim_ids: tuple[int, ...] = ()
    start: int = 0  # offset of the segment in the article text
    flagged: bool = False  # covered only by anchors that no longer match the text


@dataclass(frozen=True)
class Paragraph:
    """One line of the article; `start` lets the browser map a selection back to offsets."""

    start: int
    segments: tuple[Segment, ...]

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)


def highlight(
    text: str,
    spans: Iterable[tuple[int, int, int]],
    *,
    flagged: Iterable[tuple[int, int, int]] = (),
) -> list[Paragraph]:
    """Paragraphs of segments; a segment lists the claims whose evidence covers it.

    `spans` are (start, end, claim_id) offsets into `text`; overlapping spans are allowed.
    `flagged` spans (anchors that no longer match) are marked as such, never dropped.
    The segments of a paragraph concatenate to exactly text[paragraph.start:line end].
    """
    flagged_list = [(s, e, c) for s, e, c in flagged]
    span_list = [(max(0, s), min(len(text), e), c) for s, e, c in [*spans, *flagged_list] if s < e]
    flagged_set = {(max(0, s), min(len(text), e), c) for s, e, c in flagged_list}
    cuts = {0, len(text)}
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
        covering = [span for span in span_list if span[0] <= start and end <= span[1]]
        paragraphs[-1].append(
            Segment(
                piece,
                tuple(sorted({c for _, _, c in covering})),
                start,
                bool(covering) and all(span in flagged_set for span in covering),
            )
        )
    return [
        Paragraph(start=segments[0].start, segments=tuple(segments))
        for segments in paragraphs
        if segments
    ]
