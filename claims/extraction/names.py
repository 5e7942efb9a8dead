"""Person names the lexicon does not know yet, found with SudachiPy.

The dictionary loads lazily, once per process, and each thread gets its own tokenizer (a
SudachiPy tokenizer must not be shared between threads). Only candidate sentences are
tokenised, which keeps extraction close to the bare tokenizer's speed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from claims.extraction.actors import find_actor_mentions, is_known_name
from claims.extraction.records import Lexicon

if TYPE_CHECKING:
    from sudachipy import Dictionary, Morpheme, PosMatcher, Tokenizer

_PERSON_NAME = ("名詞", "固有名詞", "人名")
_NAME_JOINERS = frozenset("・=＝")
# A person-name token shortly before these is part of an award, a firm or a place
# (ノーベル平和賞, トヨタ社, ケネディ空港).
_NOT_A_PERSON_AFTER = re.compile(r"[^\s、。・]{0,3}?(?:賞|社|財団|通り|広場|空港|大学|研究所)")
# A foreign name SudachiPy does not know comes out as katakana common nouns (キスリツァ,
# スビリデンコ); followed by one of these person titles it is a name all the same.
_PERSON_TITLE = re.compile(
    r"(?:前|元|次期)?(?:第1外務次官|第一外務次官|外務次官|上院議員|下院議員|議員|大統領|首相|外相"
    r"|国防相|財務相|経済相|報道官|特使|長官|補佐官|大使|総司令官|参謀総長|総参謀長|事務総長"
    r"|上級代表|議長|委員長|氏)"
)
_FOREIGN_WORD = ("名詞", "普通名詞", "一般")
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30faー]{2,}")
_TITLED_KATAKANA = re.compile(
    r"[\u30a1-\u30faー]{2,}(?:[・=＝][\u30a1-\u30faー]{2,})*(?=" + _PERSON_TITLE.pattern + ")"
)
# Where an unknown person's name can be in news text: a katakana run (a foreign name) or a
# kanji run before a title or honorific (a Japanese one). A sentence with neither outside the
# known actors' mentions is not tokenised: SudachiPy is the slowest step of extraction, and
# what it tags as a name elsewhere is mostly a common word (見方, 百日).
_FOREIGN_NAME_RUN = re.compile(r"[\u30a1-\u30faー]{2,}(?:[・=＝][\u30a1-\u30faー]{2,})*")
_TITLED_KANJI_RUN = re.compile(
    r"[\u4e00-\u9fff々]{2,6}(?="
    + _PERSON_TITLE.pattern
    + r"|さん|代表|総裁|幹事長|党首|書記長|知事|市長|主席|官房長官|防衛相|総理|副総理|会長|社長|議員)"
)
_local = threading.local()


@lru_cache(maxsize=1)
def _dictionary() -> Dictionary:
    from sudachipy import Dictionary

    return Dictionary(dict="core")


def tokenizer() -> Tokenizer:
    """This thread's mode-C tokenizer (only part-of-speech fields loaded)."""
    cached: Tokenizer | None = getattr(_local, "tokenizer", None)
    if cached is None:
        from sudachipy import SplitMode

        cached = _dictionary().tokenizer(mode=SplitMode.C, fields={"pos"})
        _local.tokenizer = cached
    return cached


@lru_cache(maxsize=1)
def _is_person_name() -> PosMatcher:
    return _dictionary().pos_matcher(lambda pos: tuple(pos[:3]) == _PERSON_NAME)


def person_name_spans(
    sentence: str, covered: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Spans of runs of 人名 tokens, joined across ・ (キース・ケロッグ as one name), and of
    unknown katakana words right before a person title (スビリデンコ経済相) outside the
    ``covered`` spans of known actors."""
    is_name = _is_person_name()
    spans: list[tuple[int, int]] = []
    run_start: int | None = None
    run_end = 0
    pending_joiner = False
    morphemes = tokenizer().tokenize(sentence)
    titled: set[int] = set()
    if any(
        not _overlaps(found.start(), found.end(), covered)
        for found in _TITLED_KATAKANA.finditer(sentence)
    ):  # most titled names are known actors: only then look at parts of speech
        titled = _titled_foreign_words(sentence, list(morphemes))
    for morpheme in morphemes:
        if is_name(morpheme) or morpheme.begin() in titled:
            if run_start is None:
                run_start = morpheme.begin()
            run_end = morpheme.end()
            pending_joiner = False
        elif run_start is None:
            continue
        elif not pending_joiner and morpheme.surface() in _NAME_JOINERS:
            pending_joiner = True
        else:
            spans.append((run_start, run_end))
            run_start, pending_joiner = None, False
    if run_start is not None:
        spans.append((run_start, run_end))
    return spans


def _titled_foreign_words(sentence: str, morphemes: Sequence[Morpheme]) -> set[int]:
    """Start offsets of katakana common-noun tokens that a person title follows, directly or
    through the rest of a ・-joined name (ユリア・スビリデンコ経済相)."""
    titled: set[int] = set()
    run: list[int] = []
    for morpheme in reversed(morphemes):
        surface = morpheme.surface()
        if surface in _NAME_JOINERS:
            continue
        katakana = _KATAKANA_WORD.fullmatch(surface) is not None
        foreign = katakana and tuple(morpheme.part_of_speech()[:3]) == _FOREIGN_WORD
        if foreign and (run or _PERSON_TITLE.match(sentence, morpheme.end())):
            run.append(morpheme.begin())
            continue
        # a run glued to a known katakana word is a compound (ユーロニュース報道官), not a name
        if not katakana:
            titled.update(run)
        run = []
    titled.update(run)
    return titled


def unknown_person_names(
    sentence: str, lexicon: Lexicon, covered: Sequence[tuple[int, int]] | None = None
) -> tuple[str, ...]:
    """Person names in ``sentence`` that no lexicon alias covers, in order, unique.

    ``covered`` are the spans of actor mentions already found (computed when not given).
    """
    if covered is None:
        covered = [(m.start, m.end) for m in find_actor_mentions(sentence, lexicon)]
    windows = _windows(sentence, covered)
    if not windows:
        return ()
    names: dict[str, None] = {}
    spans: list[tuple[int, int]] = []
    for low, high in windows:
        # Only the stretch around an unknown-looking run is tokenised (the costly step).
        shifted = [(a - low, b - low) for a, b in covered if a < high and low < b]
        spans += [(a + low, b + low) for a, b in person_name_spans(sentence[low:high], shifted)]
    for start, end in spans:
        name = sentence[start:end]
        if len(name) < 2 or _NOT_A_PERSON_AFTER.match(sentence, end):
            continue
        if _overlaps(start, end, covered):
            continue
        if is_known_name(name, lexicon):
            continue
        names[name] = None
    return tuple(names)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


_WINDOW_BEFORE, _WINDOW_AFTER = 12, 16


def _windows(sentence: str, covered: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches around the runs that may name someone unknown, merged, cut at 、 or 。."""
    windows: list[tuple[int, int]] = []
    for pattern in (_FOREIGN_NAME_RUN, _TITLED_KANJI_RUN):
        for run in pattern.finditer(sentence):
            if any(start <= run.start() and run.end() <= end for start, end in covered):
                continue
            low = max(0, run.start() - _WINDOW_BEFORE)
            high = min(len(sentence), run.end() + _WINDOW_AFTER)
            cut = max(
                sentence.rfind("、", low, run.start()), sentence.rfind("。", low, run.start())
            )
            low = cut + 1 if cut >= 0 else low
            windows.append((low, high))
    merged: list[tuple[int, int]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _may_name_someone_unknown(sentence: str, covered: Sequence[tuple[int, int]]) -> bool:
    return any(
        not any(start <= run.start() and run.end() <= end for start, end in covered)
        for pattern in (_FOREIGN_NAME_RUN, _TITLED_KANJI_RUN)
        for run in pattern.finditer(sentence)
    )
