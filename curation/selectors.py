"""Reads of the source side that combine a permission with the row (one helper per guarded
object, as `claims.selectors.get_claim_for_edit`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from config.roles import Visitor, can_manage_feeds
from curation.models import Feed


def require_feed_manager(user: Visitor) -> None:
    """Feeds and ingestion are managed by editors and admins; everyone else is refused (403)."""
    if not can_manage_feeds(user):
        raise PermissionDenied


def get_feed_for_edit(user: Visitor, feed_id: int) -> Feed:
    """The feed, if this user may edit and poll it."""
    require_feed_manager(user)
    return get_object_or_404(Feed, pk=feed_id)
