"""Turn a page's text into claim candidates for editors: :mod:`.reading` reads each sentence,
:mod:`.assembly` makes one claim per event of them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from claims.extraction.assembly import assemble_claims
from claims.extraction.lexicon import DEFAULT_LEXICON
from claims.extraction.names import unknown_person_names
from claims.extraction.reading import sentence_candidates
from claims.extraction.records import ClaimCandidate, Lexicon
from claims.extraction.sentences import find_reference_dates


def extract_claims(
    text: str,
    *,
    published: date | None,
    reference_dates: Sequence[tuple[int, date]] = (),
    lexicon: Lexicon = DEFAULT_LEXICON,
) -> list[ClaimCandidate]:
    """Claims of ``text`` in reading order: one per event, each dated, with its evidence.

    ``reference_dates`` are ``(offset, date)`` pairs sorted by offset: from that offset on,
    relative expressions resolve against that date instead of ``published``. When none are
    given, aggregator datelines in the text (``公開日:2025/02/10``) are used the same way.
    Sentences are first read one by one (:func:`sentence_candidates`), then assembled into
    claims (:func:`assemble_claims`).
    """
    references = sorted(reference_dates) if reference_dates else find_reference_dates(text)
    sentences = sentence_candidates(
        text, published=published, references=references, lexicon=lexicon
    )
    claims = assemble_claims(text, sentences, references)
    covered = {r.candidate.quote_start: r.covered for r in sentences}
    return [_with_unknown_names(claim, covered, lexicon) for claim in claims]


def _with_unknown_names(
    claim: ClaimCandidate, covered: dict[int, tuple[tuple[int, int], ...]], lexicon: Lexicon
) -> ClaimCandidate:
    """Person names in the claim's sentence that the lexicon does not know (for the editors)."""
    names = unknown_person_names(claim.text, lexicon, list(covered.get(claim.quote_start, ())))
    return dataclasses.replace(claim, unknown_names=names) if names else claim
