"""Point the stored demo data at the address the app serves the demo site from."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace

from curation.models import Article, Citation, Feed


def repoint_demo_links(*, old_base: str, new_base: str) -> int:
    """Rewrite every stored URL under `old_base` to the same path under `new_base` (feeds,
    articles and citations); returns how many rows changed. Idempotent."""
    old_base, new_base = old_base.rstrip("/"), new_base.rstrip("/")
    if old_base == new_base:
        return 0
    prefix = old_base + "/"

    def swap(field: str) -> Replace:
        return Replace(F(field), Value(prefix), Value(new_base + "/"))

    with transaction.atomic():
        changed = Feed.objects.filter(url__startswith=prefix).update(url=swap("url"))
        changed += Article.objects.filter(canonical_url__startswith=prefix).update(
            canonical_url=swap("canonical_url")
        )
        Article.objects.filter(requested_url__startswith=prefix).update(
            requested_url=swap("requested_url")
        )
        Article.objects.filter(final_url__startswith=prefix).update(final_url=swap("final_url"))
        changed += Citation.objects.filter(url__startswith=prefix).update(url=swap("url"))
    return changed
