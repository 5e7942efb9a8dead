"""Write actions of the knowledge side, one module per concern:

- `versioning`: optimistic locking and the history every write records;
- `candidates`: extraction into candidate claims, selections, re-anchoring;
- `review`: approve, reject, reopen, edit, bulk review, revert;
- `evidence`: attach and remove evidence;
- `merging`: merge claims that state the same fact, undo a merge, or mark them distinct.

Only these functions change a claim's review state; views, tasks and the API call them. This
package exports the actions, their errors and the types they take or give; helpers are
imported from their module.
"""

from claims.services.candidates import (
    create_claim_from_selection,
    extract_claims_for_article,
    reanchor_evidence,
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
    mark_distinct,
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
    InvalidSelection,
    InvalidTransition,
)

__all__ = [
    "AnchorCandidate",
    "BulkAction",
    "BulkResult",
    "ClaimChanges",
    "ConflictError",
    "DuplicateEvidence",
    "InvalidSelection",
    "InvalidTransition",
    "ReasonRequired",
    "UnknownVersion",
    "anchor_candidates",
    "approve_claim",
    "attach_evidence",
    "bulk_review",
    "create_claim_from_selection",
    "edit_claim",
    "extract_claims_for_article",
    "mark_distinct",
    "merge_claims",
    "reanchor_evidence",
    "reject_claim",
    "remove_evidence",
    "reopen_claim",
    "repair_anchor",
    "revert_claim",
    "split_evidence",
    "undo_decision",
    "unmerge_claim",
]
