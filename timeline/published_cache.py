"""What the published side rendered, kept until the published data changes.

Approved claims are read far more often than they change. A rendered timeline result or API
page is stored under a key holding the newest claim change (`conditional.claims_changed_at`,
one probe of the `updated_at` index), the same stamp the API's validators use: any claim write
(an approval, an edit, evidence attached or moved, a merge) bumps it, so every stored rendering
becomes unreachable at once. Names of outlets and issues do not touch claims; their changes
show within RONTEN_PUBLISHED_CACHE_SECONDS.

Only what does not depend on who asks is stored: callers check permissions first and put in
the variant everything else the rendering depends on (language, the status asked for, the
host of absolute links, today's date).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from timeline.conditional import make_etag

Rendered = TypeVar("Rendered")


def rendered(
    kind: str,
    variant: tuple[object, ...],
    stamp: datetime | None,
    render: Callable[[], Rendered],
) -> Rendered:
    """`render()`, or what it returned for the same kind, variant and stamp."""
    seconds: int = settings.RONTEN_PUBLISHED_CACHE_SECONDS
    if seconds <= 0:
        return render()
    store = caches["published"]
    key = "published:" + make_etag(kind, stamp, *variant).strip('"')
    found: Rendered | None = store.get(key)
    if found is None:
        found = render()
        store.set(key, found, seconds)
    return found
