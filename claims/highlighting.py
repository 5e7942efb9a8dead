"""Split an article's text into paragraphs of plain and highlighted segments (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    claim_ids: tuple[int, ...] = ()
    start: int = 0  # offset of the segment in the article text
    flagged: bool = False  # covered only by anchors that no longer match the text
    # The review status of the claims whose evidence covers it ("candidate", "approved",
    # "rejected", "merged"), "mixed" when they differ, "" when unknown or not highlighted.
    status: str = ""


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
    status_of: Mapping[int, str] | None = None,
) -> list[Paragraph]:
    """Paragraphs of segments; a segment lists the claims whose evidence covers it.

    `spans` are (start, end, claim_id) offsets into `text` — the claims' evidence only, so
    the rest of the article stays plain; overlapping spans are allowed. `flagged` spans
    (anchors that no longer match) are marked as such, never dropped. `status_of` gives each
    claim's review status, which colours its evidence. The segments of a paragraph
    concatenate to exactly text[paragraph.start:line end].
    """
    statuses = status_of or {}
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
        claim_ids = tuple(sorted({c for _, _, c in covering}))
        paragraphs[-1].append(
            Segment(
                piece,
                claim_ids,
                start,
                bool(covering) and all(span in flagged_set for span in covering),
                _status(claim_ids, statuses),
            )
        )
    return [
        Paragraph(start=segments[0].start, segments=tuple(segments))
        for segments in paragraphs
        if segments
    ]


def _status(claim_ids: tuple[int, ...], statuses: Mapping[int, str]) -> str:
    found = {statuses[c] for c in claim_ids if c in statuses}
    if not found:
        return ""
    return found.pop() if len(found) == 1 else "mixed"
