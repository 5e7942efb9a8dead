"""Write actions of the source side, one module per concern:

- `outlets`: the outlet publishing at a URL, remembered by each process;
- `enqueue`: letting a URL in and queueing its fetch;
- `claiming`: the fetch claim and the token-checked writes of a fetch's outcome;
- `fetching`: fetching one article (policy, following pages, parse);
- `storing`: storing a fetched page (versions, duplicates, citations);
- `reparse`: parsing stored bytes again;
- `sweeping`: requeueing what lost workers and lost messages left behind;
- `feeds`: registering and polling feeds.

Views, tasks and commands call these; helpers stay in their module.
"""

from curation.services.claiming import FetchOutcome, RetryLater
from curation.services.enqueue import enqueue_public_url, enqueue_url
from curation.services.feeds import create_feed, due_feed_ids, poll_feed
from curation.services.fetching import fetch_article, fetch_policy
from curation.services.outlets import forget_outlets
from curation.services.reparse import reparse_article
from curation.services.storing import mark_extracted
from curation.services.sweeping import sweep_stale_fetches

__all__ = [
    "FetchOutcome",
    "RetryLater",
    "create_feed",
    "due_feed_ids",
    "enqueue_public_url",
    "enqueue_url",
    "fetch_article",
    "fetch_policy",
    "forget_outlets",
    "mark_extracted",
    "poll_feed",
    "reparse_article",
    "sweep_stale_fetches",
]
