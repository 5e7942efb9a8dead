from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from config.roles import (
    can_curate,
    can_manage_feeds,
    can_read,
    can_read_candidates,
    can_read_published,
)


def roles(request: HttpRequest) -> dict[str, bool]:
    # A 400 (a bad Host header) is answered before the authentication middleware has run.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "can_curate": can_curate(user),
        "can_read": can_read(user),
        "can_read_published": can_read_published(user),
        "can_read_candidates": can_read_candidates(user),
        "can_manage_feeds": can_manage_feeds(user),
    }
