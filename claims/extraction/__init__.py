"""Japanese claim extraction: sentences, time expressions, actors, issues and modality.

Pure Python (no Django). The public API is re-exported here; see each module for its rules:
:mod:`.sentences` (splitting, boilerplate), :mod:`.timeexpr` (dates), :mod:`.actors`
(actors, speakers, issues), :mod:`.modality`, :mod:`.reading` (each sentence), :mod:`.assembly`
(one claim per event), :mod:`.pipeline` (the two together),
:mod:`.grouping` (same fact), :mod:`.lexicon` (default data), :mod:`.bench`.
"""

from claims.extraction.grouping import group_candidates
from claims.extraction.lexicon import DEFAULT_ACTORS, DEFAULT_ISSUES, DEFAULT_LEXICON
from claims.extraction.modality import classify_modality
from claims.extraction.pipeline import extract_claims
from claims.extraction.records import (
    ActorEntry,
    ClaimCandidate,
    EventDate,
    IssueEntry,
    Lexicon,
    Modality,
    Precision,
    TimeMention,
)
from claims.extraction.sentences import find_reference_dates, is_boilerplate, split_sentences
from claims.extraction.timeexpr import find_time_expressions, resolve_time_expression

__all__ = [
    "DEFAULT_ACTORS",
    "DEFAULT_ISSUES",
    "DEFAULT_LEXICON",
    "ActorEntry",
    "ClaimCandidate",
    "EventDate",
    "IssueEntry",
    "Lexicon",
    "Modality",
    "Precision",
    "TimeMention",
    "classify_modality",
    "extract_claims",
    "find_reference_dates",
    "find_time_expressions",
    "group_candidates",
    "is_boilerplate",
    "resolve_time_expression",
    "split_sentences",
]
