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
    from sudachipy import Dictionary, PosMatcher, Tokenizer

_PERSON_NAME = ("名詞", "固有名詞", "人名")
_NAME_JOINERS = frozenset("・=＝")
# A person-name token shortly before these is part of an award, a firm or a place
# (ノーベル平和賞, トヨタ社, ケネディ空港).
_NOT_A_PERSON_AFTER = re.compile(r"[^\s、。・]{0,3}?(?:賞|社|財団|通り|広場|空港|大学|研究所)")
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


def person_name_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of runs of 人名 tokens, joined across ・ (キース・ケロッグ as one name)."""
    is_name = _is_person_name()
    spans: list[tuple[int, int]] = []
    run_start: int | None = None
    run_end = 0
    pending_joiner = False
    for morpheme in tokenizer().tokenize(sentence):
        if is_name(morpheme):
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


def unknown_person_names(
    sentence: str, lexicon: Lexicon, covered: Sequence[tuple[int, int]] | None = None
) -> tuple[str, ...]:
    """Person names in ``sentence`` that no lexicon alias covers, in order, unique.

    ``covered`` are the spans of actor mentions already found (computed when not given).
    """
    if covered is None:
        covered = [(m.start, m.end) for m in find_actor_mentions(sentence, lexicon)]
    names: dict[str, None] = {}
    for start, end in person_name_spans(sentence):
        name = sentence[start:end]
        if len(name) < 2 or _NOT_A_PERSON_AFTER.match(sentence, end):
            continue
        if any(start < c_end and c_start < end for c_start, c_end in covered):
            continue
        if is_known_name(name, lexicon):
            continue
        names[name] = None
    return tuple(names)
