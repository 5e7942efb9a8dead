from django.http import HttpRequest

from config.roles import (
    can_curate,
    can_manage_feeds,
    can_read,
    can_read_candidates,
    can_read_published,
)


def roles(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "can_curate": can_curate(user),
        "can_read": can_read(user),
        "can_read_published": can_read_published(user),
        "can_read_candidates": can_read_candidates(user),
        "can_manage_feeds": can_manage_feeds(user),
    }
