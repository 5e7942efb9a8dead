"""Write actions of the knowledge side, one module per concern:

- `versioning`: optimistic locking and the history every write records;
- `candidates`: extraction into candidate claims, selections, re-anchoring;
- `review`: approve, reject, reopen, edit, bulk review, revert;
- `evidence`: attach and remove evidence;
- `merging`: merge claims that state the same fact, and undo a merge.

Only these functions change a claim's review state; views, tasks and the API call them.
"""

from claims.services.candidates import (
    QUOTE_CONTEXT,
    article_reference_date,
    create_claim_from_selection,
    extract_claims_for_article,
    lexicon_from_database,
    locate_quote,
    quote_selector,
    reanchor_evidence,
    section_citation,
    vocabulary,
)
from claims.services.evidence import (
    AnchorCandidate,
    DuplicateEvidence,
    anchor_candidates,
    attach_evidence,
    remove_evidence,
    repair_anchor,
    split_evidence,
)
from claims.services.merging import (
    merge_claims,
    unmerge_claim,
)
from claims.services.review import (
    BulkAction,
    BulkResult,
    ClaimChanges,
    ReasonRequired,
    UnknownVersion,
    approve_claim,
    bulk_review,
    edit_claim,
    reject_claim,
    reopen_claim,
    revert_claim,
    undo_decision,
)
from claims.services.versioning import (
    ConflictError,
    InvalidTransition,
    claim_snapshot,
    record_history,
    save_versioned,
)

__all__ = [
    "AnchorCandidate",
    "BulkAction",
    "BulkResult",
    "ClaimChanges",
    "ConflictError",
    "DuplicateEvidence",
    "InvalidTransition",
    "QUOTE_CONTEXT",
    "ReasonRequired",
    "UnknownVersion",
    "anchor_candidates",
    "approve_claim",
    "article_reference_date",
    "attach_evidence",
    "bulk_review",
    "claim_snapshot",
    "create_claim_from_selection",
    "edit_claim",
    "extract_claims_for_article",
    "lexicon_from_database",
    "locate_quote",
    "merge_claims",
    "quote_selector",
    "reanchor_evidence",
    "record_history",
    "reject_claim",
    "remove_evidence",
    "reopen_claim",
    "repair_anchor",
    "revert_claim",
    "save_versioned",
    "section_citation",
    "split_evidence",
    "undo_decision",
    "unmerge_claim",
    "vocabulary",
]
