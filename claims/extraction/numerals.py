"""Normalise Japanese digits for date parsing while remembering original offsets.

Full-width characters become ASCII (NFKC, one character at a time) and kanji numerals
(漢数字) directly in front of a time unit become Arabic digits: ``二月十二日`` → ``2月12日``,
``二〇二五年`` → ``2025年``. Kanji numerals elsewhere (第五条, 一方, 第二次) are left alone,
because only a number followed by 年/月/日/か月/週 can be part of a time expression.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}

# A run of kanji numerals that stands in front of a time unit (年, 月, 日, か月, 週…).
_KANJI_NUMBER_BEFORE_UNIT = re.compile(
    r"[〇零一二三四五六七八九十百千]+(?=年|月|日|[かカヶヵケ箇]月|週|半年)"
)
_FULL_WIDTH_TO_ASCII = {
    code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)
}
# Cheap test: does the text need any rewriting at all?
_NEEDS_NORMALISING = re.compile(r"[\uff01-\uff5e〇零一二三四五六七八九十百千]")


def kanji_to_int(numeral: str) -> int:
    """Value of a kanji numeral: positional (二〇二五 → 2025) or with units (二十三 → 23)."""
    if all(ch in _KANJI_DIGITS for ch in numeral):
        value = 0
        for ch in numeral:
            value = value * 10 + _KANJI_DIGITS[ch]
        return value
    total = 0
    current = 0
    for ch in numeral:
        if ch in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a kanji numeral: {numeral!r}")
    return total + current


@dataclass(frozen=True)
class NormalisedText:
    """``text`` rewritten for parsing plus, per character, the original span it came from."""

    text: str
    origin_starts: tuple[int, ...] | None  # None: identical to the original
    origin_ends: tuple[int, ...] | None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if self.origin_starts is None or self.origin_ends is None:
            return start, end
        if start >= end:
            origin = (
                self.origin_starts[start] if start < len(self.origin_starts) else self.origin_end
            )
            return origin, origin
        return self.origin_starts[start], self.origin_ends[end - 1]

    @property
    def origin_end(self) -> int:
        return self.origin_ends[-1] if self.origin_ends else 0


def normalise_digits(text: str) -> NormalisedText:
    """Rewrite full-width characters and kanji numerals before time units (see module doc)."""
    if not _NEEDS_NORMALISING.search(text):
        return NormalisedText(text, None, None)
    # Each full-width form of U+FF01–U+FF5E folds (NFKC) to exactly one ASCII character, so
    # folding keeps every offset: the map is the identity.
    folded_text = text.translate(_FULL_WIDTH_TO_ASCII)
    starts = range(len(text))
    ends = range(1, len(text) + 1)
    if not _KANJI_NUMBER_BEFORE_UNIT.search(folded_text):
        return NormalisedText(folded_text, tuple(starts), tuple(ends))

    out_chars: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    position = 0
    for match in _KANJI_NUMBER_BEFORE_UNIT.finditer(folded_text):
        out_chars.extend(folded_text[position : match.start()])
        out_starts.extend(starts[position : match.start()])
        out_ends.extend(ends[position : match.start()])
        digits = str(kanji_to_int(match.group()))
        run_start, run_end = starts[match.start()], ends[match.end() - 1]
        # Every produced digit maps to the whole kanji run: the run is indivisible.
        out_chars.extend(digits)
        out_starts.extend([run_start] * len(digits))
        out_ends.extend([run_end] * len(digits))
        position = match.end()
    out_chars.extend(folded_text[position:])
    out_starts.extend(starts[position:])
    out_ends.extend(ends[position:])
    return NormalisedText("".join(out_chars), tuple(out_starts), tuple(out_ends))
