"""Measure extraction speed against bare SudachiPy tokenisation of the same sentences."""

from __future__ import annotations

import time
from datetime import date

from claims.extraction.names import tokenizer
from claims.extraction.pipeline import extract_claims

_PUBLISHED = date(2025, 2, 20)


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def benchmark_extraction(sentences: list[str], *, repeat: int = 5) -> dict[str, float]:
    """Sentences per second for :func:`extract_claims` and for tokenising each sentence.

    Both run in this call, interleaved, after one warm-up (the dictionary load is not
    measured); each figure is the best of ``repeat`` runs, timed in process CPU time so that
    other load on the machine disturbs the ratio as little as possible. The extractor gets
    the sentences joined by newlines, so splitting, filtering and candidate selection are
    all measured.
    """
    if not sentences:
        raise ValueError("benchmark_extraction needs at least one sentence")
    text = "\n".join(sentences)
    tok = tokenizer()
    extract_claims(text, published=_PUBLISHED)
    for sentence in sentences:
        tok.tokenize(sentence)

    extract_best = tokenize_best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        extract_claims(text, published=_PUBLISHED)
        extract_best = min(extract_best, time.process_time() - started)
        started = time.process_time()
        for sentence in sentences:
            tok.tokenize(sentence)
        tokenize_best = min(tokenize_best, time.process_time() - started)
    return {
        "extract_sentences_per_s": _rate(len(sentences), extract_best),
        "tokenize_sentences_per_s": _rate(len(sentences), tokenize_best),
    }
